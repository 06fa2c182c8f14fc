import { Logger } from '@nestjs/common';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { isDeliveryExpiredError } from '../src/consuming/errors/delivery-expired.error';
import type { MessageContext } from '../src/consuming/handlers/message-context';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { testConsumer, testTopology } from './messaging-test-helpers';
import { MongoInbox } from '@switchyard/mongodb';

const PUSH = 'notifications.push';
const ORDERED = 'notifications.ordered';
const SMS = 'notifications.sms';
const LATE_HANDLER_LIMIT_MS = 1500;

/** Resolves when `signal` aborts. */
const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one late write through the runtime came to: its outcome, or the error's name, code and reason. */
async function tryRecord(ctx: MessageContext): Promise<string> {
  try {
    return await ctx.inbox.recordWith('effects', { messageId: ctx.messageId, attempt: ctx.attempt });
  } catch (err) {
    return isDeliveryExpiredError(err) ? `${err.name}:${err.code}:${err.reason}` : `other:${String(err)}`;
  }
}

const { vhost, database } = useTestEnvironment('msg_visibility');

describe('visibility timeouts and shutdown: an attempt the runtime gave up on cannot write through it', () => {
  // push: plain queue, retries through tiers; ordered: one partition, retries in place; sms: for shutdown
  const topology = testTopology({ visibilityTimeout: '500ms', delays: ['100ms'], maxAttempts: 3 }, [
    testConsumer('ordered', { visibilityTimeout: '500ms', delays: ['100ms'], maxAttempts: 3, partitions: 1 }),
    testConsumer('sms', { visibilityTimeout: '10s' }),
  ]);
  let runtime: MessagingRuntime;
  const log: string[] = [];
  const behaviour = new Map<string, (ctx: MessageContext) => Promise<unknown>>();
  const releases: Array<() => void> = [];
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology,
      consumers: [PUSH, ORDERED],
      inbox: new MongoInbox(database.db),
      lateHandlerLimitMs: LATE_HANDLER_LIMIT_MS,
    });
    for (const queue of [PUSH, ORDERED])
      runtime.addHandler(queue, {
        name: `test-${queue}`,
        invoke: async (ctx) => behaviour.get(`${queue}:${ctx.messageId}`)?.(ctx),
      });
    await runtime.start();
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const release of releases.splice(0)) release();
    for (const stop of stops.splice(0)) await stop();
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  const publish = (eventId: string, stream?: string, revision?: number) =>
    runtime.publisher.publish({
      domain: 'orders',
      type: 'order.placed',
      eventId,
      data: {},
      stream,
      revision,
    });
  const effectsOf = (messageId: string) =>
    database.db
      .collection('effects')
      .find({ messageId }, { projection: { _id: 0, attempt: 1 } })
      .toArray();

  it('refuses recordWith for a handler past its visibility timeout; the retry records the one effect', async () => {
    // Given a handler whose first attempt outlives the 500 ms visibility timeout, then tries to write
    behaviour.set(`${PUSH}:late-1`, async (ctx) => {
      if (ctx.attempt === 1) {
        await aborted(ctx.signal);
        log.push(`late-1@1 signal:${String((ctx.signal.reason as Error).name)}`);
        log.push(`late-1@1 record:${await tryRecord(ctx)}`);
        return;
      }
      log.push(`late-1@${ctx.attempt} record:${await tryRecord(ctx)}`);
    });
    // When the event arrives
    await publish('late-1');
    // Then the late first call is refused with the typed error, and the retry writes the effect
    await waitFor(() => log.includes('late-1@2 record:recorded'), {
      what: 'the retry to record',
      timeoutMs: 10_000,
    });
    expect(log.filter((l) => l.startsWith('late-1@'))).toEqual([
      'late-1@1 signal:DeliveryExpiredError',
      'late-1@1 record:DeliveryExpiredError:SWITCHYARD_DELIVERY_EXPIRED:visibility-timeout',
      'late-1@2 record:recorded',
    ]);
    expect(await effectsOf('late-1')).toEqual([{ attempt: 2 }]);
  });

  it('holds a partition until the timed-out call has settled, then retries, then moves on', async () => {
    // Given revision 0's first attempt outlives the timeout and keeps working 300 ms after it (an effect
    // the runtime cannot see), while the retry tier is only 100 ms
    behaviour.set(`${ORDERED}:po-0`, async (ctx) => {
      log.push(`po-0@${ctx.attempt} start`);
      if (ctx.attempt > 1) return;
      await aborted(ctx.signal);
      await pause(300);
      log.push(`po-0@1 late end`);
    });
    behaviour.set(`${ORDERED}:po-1`, async (ctx) => void log.push(`po-1@${ctx.attempt} start`));
    // When revisions 0 and 1 of one stream arrive
    await publish('po-0', 'stream-po', 0);
    await publish('po-1', 'stream-po', 1);
    // Then nothing starts on the partition before the late call has ended: the retry, then revision 1
    await waitFor(() => log.includes('po-1@1 start'), { what: 'revision 1', timeoutMs: 10_000 });
    expect(log.filter((l) => l.startsWith('po-'))).toEqual([
      'po-0@1 start',
      'po-0@1 late end',
      'po-0@2 start',
      'po-1@1 start',
    ]);
  });

  it('abandons a timed-out call that never settles after lateHandlerLimitMs, logs it, and refuses its writes', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    // Given a first attempt that hangs past the timeout until the test lets it go
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    releases.push(release);
    behaviour.set(`${ORDERED}:hang-0`, async (ctx) => {
      log.push(`hang-0@${ctx.attempt} start`);
      if (ctx.attempt > 1) return;
      await hung;
      log.push(`hang-0@1 record:${await tryRecord(ctx)}`);
    });
    // When it arrives
    const t0 = Date.now();
    await publish('hang-0', 'stream-hang', 0);
    // Then the partition waits for it up to the limit, logs that it gave up, and retries
    await waitFor(() => log.includes('hang-0@2 start'), { what: 'the retry', timeoutMs: 10_000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500 + LATE_HANDLER_LIMIT_MS);
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(
        /^abandoned the timed-out handler of order\.placed hang-0 \(attempt 1\) after waiting 1500 ms/,
      ),
    ]);
    // And when the abandoned call wakes up, its write is refused
    release();
    await waitFor(() => log.some((l) => l.startsWith('hang-0@1 record:')), {
      what: 'the abandoned call to write',
      timeoutMs: 10_000,
    });
    expect(log).toContain(
      'hang-0@1 record:DeliveryExpiredError:SWITCHYARD_DELIVERY_EXPIRED:visibility-timeout',
    );
  });

  it('refuses the writes of a handler that shutdown gave up on', async () => {
    // Given a process whose handler is still running when its shutdown timeout (200 ms) runs out
    const sms = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology,
      consumers: [SMS],
      inbox: new MongoInbox(database.db),
      shutdownTimeoutMs: 200,
    });
    stops.push(() => sms.stop());
    let started = false;
    sms.addHandler(SMS, {
      name: 'sms',
      invoke: async (ctx) => {
        if (ctx.messageId !== 'stop-1') return;
        started = true;
        await aborted(ctx.signal);
        log.push(`stop-1 record:${await tryRecord(ctx)}`);
      },
    });
    await sms.start();
    await publish('stop-1');
    await waitFor(() => started, { what: 'the handler to start', timeoutMs: 10_000 });
    // When the process stops
    await sms.stop();
    // Then the cut-off handler cannot record its effect
    await waitFor(() => log.some((l) => l.startsWith('stop-1 record:')), {
      what: 'the cut-off write',
      timeoutMs: 10_000,
    });
    expect(log).toContain('stop-1 record:DeliveryExpiredError:SWITCHYARD_DELIVERY_EXPIRED:shutdown');
    expect(await effectsOf('stop-1')).toEqual([]);
  });
});
