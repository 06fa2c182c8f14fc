import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import type { MessageContext } from '../src/consuming/handlers/message-context';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { HEADERS } from '../src/messaging.constants';
import { peekIds, testTopology } from './messaging-test-helpers';
import { MongoInbox } from '@switchyard/mongodb';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);
const QUEUE = 'notifications.push';
const DLQ = 'notifications.push.dlq';

const { vhost, database } = useTestEnvironment('msg_dlq');

describe('switchyard dlq list | replay | purge', () => {
  let runtime: MessagingRuntime;
  let conn: ChannelModel;
  let ch: Channel;
  let healthy = false;
  const effects: string[] = [];

  const cli = async (...args: string[]) => {
    const r = await run(process.execPath, ['bin/switchyard.js', 'dlq', '--url', vhost.amqpUrl, ...args], {
      cwd: ROOT,
    });
    return { stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(async () => {
    runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: testTopology({ maxAttempts: 2, delays: ['100ms'] }),
      inbox: new MongoInbox(database.db),
    });
    runtime.addHandler(QUEUE, {
      name: 'flaky-until-fixed',
      type: 'order.placed',
      invoke: async (ctx: MessageContext) => {
        if (!healthy) throw new Error('downstream is down');
        effects.push(`${ctx.messageId}@${ctx.attempt}`);
      },
    });
    await runtime.start();
    conn = await amqp.connect(vhost.amqpUrl);
    ch = await conn.createChannel();
  });

  afterAll(async () => {
    await runtime?.stop();
    await conn?.close();
  });

  it('lists dead letters with id, type, reason, attempts and failed-at, and leaves them in place', async () => {
    // Given three events that died while their downstream was down
    for (const id of ['d-1', 'd-2', 'd-3']) {
      await runtime.publisher.publish({
        domain: 'orders',
        type: 'order.placed',
        eventId: id,
        data: { orderId: id },
      });
    }
    await waitFor(async () => (await peekIds(conn, DLQ)).length === 3, {
      what: '3 dead letters',
      timeoutMs: 10_000,
    });
    // When they are listed
    const { stdout } = await cli('list', QUEUE);
    // Then each shows with its reason and attempts, and the DLQ still holds all three
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TYPE\s+REASON\s+ATTEMPTS\s+FAILED AT$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 4))).toEqual(
      expect.arrayContaining([
        ['d-1', 'order.placed', 'max-attempts', '2'],
        ['d-2', 'order.placed', 'max-attempts', '2'],
        ['d-3', 'order.placed', 'max-attempts', '2'],
      ]),
    );
    await waitFor(async () => (await peekIds(conn, DLQ)).join() === 'd-1,d-2,d-3', {
      what: 'all three back in the DLQ',
      timeoutMs: 10_000,
    });
  });

  it('replays one id back to work with attempts reset; the others stay', async () => {
    // Given the downstream is back
    healthy = true;
    // When one dead letter is replayed by id
    const { stdout } = await cli('replay', QUEUE, '--id', 'd-2');
    expect(stdout).toContain('replayed 1 message(s)');
    // Then the handler has its effect on a first attempt, and the two others are still dead
    await waitFor(() => effects.includes('d-2@1'), { what: 'the replayed effect', timeoutMs: 10_000 });
    await waitFor(async () => (await peekIds(conn, DLQ)).join() === 'd-1,d-3', {
      what: 'd-1 and d-3 left in the DLQ',
      timeoutMs: 10_000,
    });
    const listed = (await cli('list', QUEUE, '--json')).stdout.trim().split('\n');
    expect(listed.map((l) => (JSON.parse(l) as { messageId: string }).messageId).sort()).toEqual([
      'd-1',
      'd-3',
    ]);
  });

  it('replays every dead letter with a progress bar on long runs, and purges', async () => {
    // Given 60 more dead letters (the two from before plus 58 written straight into the DLQ)
    for (let i = 0; i < 58; i++) {
      ch.sendToQueue(DLQ, Buffer.from(JSON.stringify({ orderId: `bulk-${i}` })), {
        messageId: `bulk-${i}`,
        type: 'order.placed',
        persistent: true,
        headers: {
          [HEADERS.deathReason]: 'max-attempts',
          [HEADERS.attempts]: 5,
          [HEADERS.originalQueue]: QUEUE,
          [HEADERS.originalRoutingKey]: 'order.placed',
        },
      });
    }
    await waitFor(async () => (await peekIds(conn, DLQ)).length === 60, {
      what: '60 dead letters',
      timeoutMs: 10_000,
    });
    // When all are replayed
    const { stdout, stderr } = await cli('replay', QUEUE, '--all');
    // Then all 60 go back to work, with a progress bar on stderr
    expect(stdout).toContain('replayed 60 message(s)');
    expect(stderr).toMatch(/replay \[#{30}\] 60\/60/);
    await waitFor(() => effects.length === 61, { what: '60 more effects', timeoutMs: 20_000 });
    expect(effects.every((e) => e.endsWith('@1'))).toBe(true);
    // And purge empties a DLQ
    ch.sendToQueue(DLQ, Buffer.from('{}'), { messageId: 'junk' });
    await waitFor(async () => (await peekIds(conn, DLQ)).length === 1, {
      what: 'the junk message',
      timeoutMs: 10_000,
    });
    expect((await cli('purge', QUEUE)).stdout).toContain('purged 1 message(s)');
    expect(await peekIds(conn, DLQ)).toEqual([]);
  });
});
