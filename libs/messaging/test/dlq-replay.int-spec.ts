import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { declareTopology } from '../src/connection/declare-topology';
import { DeadLetter } from '../src/consuming/handlers/consume-result';
import {
  replayDeadLetters,
  type ReplayOptions,
  type ReplayResult,
} from '../src/consuming/dead-letters/dead-letter-replay';
import { isReplayOriginMissingError } from '../src/consuming/errors/replay-origin-missing.error';
import { isUnroutableMessageError } from '../src/publishing/errors/unroutable-message.error';
import type { MessageContext } from '../src/consuming/handlers/message-context';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { HEADERS } from '../src/messaging.constants';
import { peekIds, testConsumer, testTopology } from './messaging-test-helpers';
import { MongoInbox } from '@switchyard/mongodb';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);
const PUSH = 'notifications.push';
const ORDERED = 'notifications.ordered';
const PARTITIONS = 4;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const { vhost, database } = useTestEnvironment('msg_dlq_replay');

describe('switchyard dlq replay never loses a dead letter', () => {
  // notifications.push, and notifications.ordered on 4 partitions behind its consistent-hash exchange
  const topology = testTopology({ maxAttempts: 2, delays: ['100ms'] }, [
    testConsumer('ordered', { maxAttempts: 2, delays: ['100ms'], partitions: PARTITIONS }),
  ]);
  let runtime: MessagingRuntime | undefined;
  let conn: ChannelModel;
  let ch: ConfirmChannel;
  const handled: Array<{ messageId: string; queue: string; attempt: number }> = [];
  const deadLetterFirst = new Set<string>();

  const cli = async (...args: string[]): Promise<CliRun> => {
    try {
      const r = await run(process.execPath, ['bin/switchyard.js', 'dlq', '--url', vhost.amqpUrl, ...args], {
        cwd: ROOT,
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };
  const replay = async (queue: string, options: ReplayOptions = {}): Promise<ReplayResult> => {
    const c = await conn.createConfirmChannel();
    try {
      return await replayDeadLetters(c, queue, options);
    } finally {
      await c.close();
    }
  };
  const handledOf = (id: string) => handled.filter((h) => h.messageId === id);
  /** A header of one dead letter, read without removing anything from the DLQ. */
  const headerOf = async (dlq: string, id: string, header: string): Promise<string> => {
    const c = await conn.createChannel();
    try {
      for (let m = await c.get(dlq, { noAck: false }); m; m = await c.get(dlq, { noAck: false }))
        if (m.properties.messageId === id) return String(m.properties.headers?.[header]);
      throw new Error(`${id} is not in ${dlq}`);
    } finally {
      await c.close();
    }
  };

  beforeAll(async () => {
    conn = await amqp.connect(vhost.amqpUrl);
    ch = await conn.createConfirmChannel();
    await declareTopology(ch, topology);
    // Before anything consumes: one event whose per-message TTL runs out in both consumers' queues, so
    // the broker itself dead-letters it (no x-original-queue header, as after a TTL or max-length).
    ch.publish('orders.events', 'order.placed', Buffer.from(JSON.stringify({ orderId: 'o-ttl' })), {
      messageId: 'ttl-1',
      type: 'order.placed',
      persistent: true,
      expiration: '1',
      headers: { [HEADERS.stream]: 'order-ttl', [HEADERS.revision]: 0 },
    });
    await ch.waitForConfirms();
    await waitFor(
      async () => {
        const [push, ordered] = await Promise.all([
          peekIds(conn, `${PUSH}.dlq`),
          peekIds(conn, `${ORDERED}.dlq`),
        ]);
        return push.includes('ttl-1') && ordered.includes('ttl-1');
      },
      { what: 'the broker to dead-letter ttl-1 from both queues', timeoutMs: 10_000 },
    );

    runtime = new MessagingRuntime({ urls: vhost.amqpUrl, topology, inbox: new MongoInbox(database.db) });
    for (const queue of [PUSH, ORDERED])
      runtime.addHandler(queue, {
        name: `record-${queue}`,
        invoke: async (ctx: MessageContext) => {
          if (queue === ORDERED && deadLetterFirst.delete(ctx.messageId))
            return new DeadLetter('first delivery dies');
          handled.push({ messageId: ctx.messageId, queue: ctx.queue, attempt: ctx.attempt });
          return undefined;
        },
      });
    await runtime.start();
  });

  afterAll(async () => {
    await runtime?.stop();
    await conn?.close().catch(() => undefined);
  });

  it('keeps a replay the broker returns in the DLQ and reports why, instead of acking it away', async () => {
    // Given a dead letter whose original queue no longer exists (its consumer was removed)
    ch.sendToQueue(`${PUSH}.dlq`, Buffer.from(JSON.stringify({ orderId: 'o-gone' })), {
      messageId: 'gone-1',
      type: 'order.placed',
      persistent: true,
      headers: {
        [HEADERS.deathReason]: 'max-attempts',
        [HEADERS.attempts]: 2,
        [HEADERS.originalQueue]: 'notifications.gone',
        [HEADERS.originalRoutingKey]: 'order.placed',
      },
    });
    await ch.waitForConfirms();
    // When it is replayed
    const r = await replay(PUSH, { ids: ['gone-1'] });
    // Then the broker's return is reported and the dead letter is still there
    expect(r.replayed).toBe(0);
    expect(r.kept).toHaveLength(1);
    expect(r.kept[0]!.messageId).toBe('gone-1');
    const error = r.kept[0]!.error;
    expect(isUnroutableMessageError(error) && error.routingKey).toBe('notifications.gone');
    expect(error.message).toContain('NO_ROUTE');
    await waitFor(async () => (await peekIds(conn, `${PUSH}.dlq`)).includes('gone-1'), {
      what: 'gone-1 back in the DLQ',
      timeoutMs: 10_000,
    });
  });

  it('dlq replay refuses a broker-side dead letter without x-original-queue, naming the header, until --to names the queue', async () => {
    // Given the broker dead-lettered ttl-1 on notifications.push (message TTL)
    // When it is replayed without a target
    const refused = await cli('replay', PUSH, '--id', 'ttl-1');
    // Then nothing is sent: the error names the missing header and where the broker says it died
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('has no x-original-queue header');
    expect(refused.stderr).toContain(`the broker dead-lettered it from ${PUSH}`);
    expect(refused.stderr).toContain('--to <queue>');
    await waitFor(async () => (await peekIds(conn, `${PUSH}.dlq`)).includes('ttl-1'), {
      what: 'ttl-1 still in the DLQ',
      timeoutMs: 10_000,
    });
    expect(handledOf('ttl-1')).toEqual([]);
    // When the user names the queue
    const sent = await cli('replay', PUSH, '--id', 'ttl-1', '--to', PUSH);
    // Then it goes back to work there on a first attempt (its old TTL does not kill it again)
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('replayed 1 message(s)');
    await waitFor(() => handledOf('ttl-1').length === 1, { what: 'ttl-1 handled', timeoutMs: 10_000 });
    expect(handledOf('ttl-1')).toEqual([{ messageId: 'ttl-1', queue: PUSH, attempt: 1 }]);
    expect(await peekIds(conn, `${PUSH}.dlq`)).not.toContain('ttl-1');
  });

  it("routes a partitioned consumer's replay through its hash exchange, to the partition that holds its stream", async () => {
    // Given a broker-side dead letter from one of notifications.ordered's partitions (no x-original-queue;
    // the old replay guessed "notifications.ordered", a queue that does not exist, and lost it)
    const diedOn = await headerOf(`${ORDERED}.dlq`, 'ttl-1', 'x-first-death-queue');
    expect(diedOn).toMatch(/^notifications\.ordered\.p[0-3]$/);
    const refused = await replay(ORDERED, { ids: ['ttl-1'] });
    expect(refused.replayed).toBe(0);
    const error = refused.kept[0]?.error;
    expect(isReplayOriginMissingError(error) && [error.header, error.diedOn]).toEqual([
      'x-original-queue',
      diedOn,
    ]);
    await waitFor(async () => (await peekIds(conn, `${ORDERED}.dlq`)).includes('ttl-1'), {
      what: 'ttl-1 still in the DLQ',
      timeoutMs: 10_000,
    });
    // When it is replayed to a partition queue other than the one its stream hashes to
    const other = `${ORDERED}.p${(Number(diedOn.slice(-1)) + 1) % PARTITIONS}`;
    const sent = await replay(ORDERED, { ids: ['ttl-1'], to: other });
    expect(sent).toEqual({ replayed: 1, kept: [] });
    // Then the hash exchange puts it on its stream's partition, not on the one named
    await waitFor(() => handled.some((h) => h.messageId === 'ttl-1' && h.queue.startsWith(ORDERED)), {
      what: 'ttl-1 handled on notifications.ordered',
      timeoutMs: 10_000,
    });
    expect(handled.filter((h) => h.queue.startsWith(ORDERED) && h.messageId === 'ttl-1')).toEqual([
      { messageId: 'ttl-1', queue: diedOn, attempt: 1 },
    ]);
  });

  it('replays a dead letter the runtime wrote on a partition back onto that partition', async () => {
    // Given an ordered event dead-lettered by its handler on its first delivery
    deadLetterFirst.add('kill-1');
    await runtime!.publisher.publish({
      domain: 'orders',
      type: 'order.placed',
      eventId: 'kill-1',
      data: { orderId: 'o-kill' },
      stream: 'order-kill',
      revision: 0,
    });
    await waitFor(async () => (await peekIds(conn, `${ORDERED}.dlq`)).includes('kill-1'), {
      what: 'kill-1 in the DLQ',
      timeoutMs: 10_000,
    });
    const partition = await headerOf(`${ORDERED}.dlq`, 'kill-1', HEADERS.originalQueue);
    expect(partition).toMatch(/^notifications\.ordered\.p[0-3]$/);
    // When it is replayed
    const sent = await replay(ORDERED, { ids: ['kill-1'] });
    // Then it is handled, once, on its partition
    expect(sent).toEqual({ replayed: 1, kept: [] });
    const onOrdered = () => handledOf('kill-1').filter((h) => h.queue.startsWith(ORDERED));
    await waitFor(() => onOrdered().length === 1, {
      what: 'kill-1 handled on notifications.ordered',
      timeoutMs: 10_000,
    });
    expect(onOrdered()).toEqual([{ messageId: 'kill-1', queue: partition, attempt: 1 }]);
  });
});
