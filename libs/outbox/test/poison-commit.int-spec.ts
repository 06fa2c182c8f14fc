import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Channel, ChannelModel } from 'amqplib';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { AmqpConnection, EventPublisher } from '@switchyard/messaging';
import { sequenceAll, useTestEnvironment, waitFor } from '@switchyard/testing';
import { RelayLease } from '../src/lease/relay-lease';
import { OutboxMetrics } from '../src/metrics/outbox-metrics';
import { OutboxHealthIndicator } from '../src/outbox-health.indicator';
import { eventStoreOutbox } from '../src/relay/event-store-outbox';
import { OutboxRelay } from '../src/relay/outbox-relay';
import { declareWatchQueue, takeQueued, firstArrivalOrder } from './outbox-test-kit';
import { exampleEventRegistry } from '@switchyard/examples';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const WATCH = 'audit.poison';
const confirmed = (orderId: string) => ({ type: 'order.confirmed', data: { orderId } });
const captured = (orderId: string) => ({
  type: 'payment.captured',
  data: { paymentId: `p-${orderId}`, orderId, amount: '9.99', currency: 'EUR' },
});

const { vhost, database: t } = useTestEnvironment('outbox_poison', { per: 'test' });

describe('outbox relay with a poison commit (real broker and database)', () => {
  let store: EventStore;
  let watch: ChannelModel | undefined;
  let ch: Channel;
  let connection: AmqpConnection;
  let publisher: EventPublisher;
  let relay: OutboxRelay;
  let metrics: OutboxMetrics;

  const cli = (...args: string[]) =>
    run(process.execPath, ['bin/switchyard.js', 'events', ...args, '--database', t.name], {
      cwd: ROOT,
      env: { ...process.env, MONGO_URL: t.mongoUrl },
    });

  beforeEach(async () => {
    store = getMongoEventStore(t.db, exampleEventRegistry());
    await store.ensureIndexes();
    // Only the orders domain's exchange exists: everything of the payments domain is refused (404)
    watch = await declareWatchQueue(vhost.amqpUrl, ['orders'], WATCH);
    ch = await watch.createChannel();
    connection = new AmqpConnection({ urls: vhost.amqpUrl, name: 'poison-relay' });
    publisher = new EventPublisher(connection, { publishTimeoutMs: 5_000 });
    metrics = new OutboxMetrics();
    relay = new OutboxRelay(
      eventStoreOutbox(store),
      publisher,
      exampleEventRegistry(),
      new RelayLease(t.db, { holder: 'solo', ttlMs: 60_000 }),
      metrics,
      { sweepIntervalMs: 50, parkAfterAttempts: 2, retryBackoffMs: 50, parkedRefreshMs: 200 },
    );
  });

  afterEach(async () => {
    await relay?.stop();
    await publisher?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await watch?.close().catch(() => undefined);
  });

  it('parks it with the broker’s reason, keeps other streams flowing, and publishes it and its stream in order once unparked', async () => {
    // Given a stream whose first commit goes to the payments domain (no exchange), then an order event
    await relay.start();
    await store.append('order-p-1', [confirmed('p-1')]);
    const poison = await store.append('mixed-p', [captured('m')]);
    const waiting = await store.append('mixed-p', [confirmed('m')]);
    await store.append('order-p-2', [confirmed('p-2')]);

    // Then the poison commit is parked with the broker's 404 and its text
    await waitFor(async () => (await store.readParked()).length === 1, {
      what: 'the poison commit to be parked',
      timeoutMs: 30_000,
    });
    const [parked] = await store.readParked();
    expect(parked).toMatchObject({
      commitId: poison.commitId,
      stream: 'mixed-p',
      revision: 0,
      parking: {
        replyCode: 404,
        replyText: expect.stringContaining("no exchange 'payments.events'"),
        attempts: 2,
      },
    });

    // And the other streams flow, also after the park (the connection survived the refusals)
    await store.append('order-p-3', [confirmed('p-3')]);
    await waitFor(async () => (await store.countUndispatched()) === 2, {
      what: 'only the parked stream to wait',
      timeoutMs: 30_000,
    });
    const before = firstArrivalOrder(await takeQueued(ch, WATCH));
    expect([...before.keys()].sort()).toEqual(['order-p-1', 'order-p-2', 'order-p-3']);
    const left = await store.readUndispatched();
    expect(left.map((c) => c.commitId)).toEqual([poison.commitId, waiting.commitId]);

    // And the park shows in the metrics, the health details and the CLI
    expect(await metrics.registry.metrics()).toContain('switchyard_outbox_parked_commits 1');
    const health = (await new OutboxHealthIndicator(relay, metrics).isHealthy()).outbox as unknown as {
      status: string;
      parked: number;
      parkedCommits: { commitId: string; reason: string }[];
    };
    expect(health).toMatchObject({ status: 'up', parked: 1 });
    expect(health.parkedCommits[0]).toMatchObject({
      commitId: poison.commitId,
      reason: expect.stringContaining('404'),
    });
    const listed = await cli('parked');
    expect(listed.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${poison.commitId}  mixed-p  revision 0  404 NOT_FOUND - no exchange 'payments.events'.* \\(2 attempts\\)`,
        ),
      ),
    ]);

    // When the exchange is declared and the commit unparked
    await (await declareWatchQueue(vhost.amqpUrl, ['payments'], WATCH)).close();
    const unparked = await cli('unpark', poison.commitId);
    expect(unparked.stdout).toContain(`unparked ${poison.commitId} (mixed-p revision 0)`);

    // Then it and the commit waiting behind it are published, in stream order, and nothing is parked
    await waitFor(async () => (await store.countUndispatched()) === 0, {
      what: 'everything dispatched',
      timeoutMs: 30_000,
    });
    const after = firstArrivalOrder(await takeQueued(ch, WATCH));
    expect(after.get('mixed-p')).toEqual([0, 1]);
    expect((await cli('parked')).stdout).toBe('');
    await waitFor(async () => (await metrics.snapshot()).parked === 0, {
      what: 'the gauge to drop',
      timeoutMs: 30_000,
    });
  });

  it('unparks every commit with --all, and refuses a bad request with one line and a non-zero exit', async () => {
    const a = await store.append('s-a', [confirmed('a')]);
    const b = await store.append('s-b', [confirmed('b')]);
    // As the relay would have: it parks only sequenced commits
    await sequenceAll(store);
    await store.parkCommit(a.commitId, {
      reason: 'refused',
      replyCode: 403,
      replyText: 'ACCESS_REFUSED',
      attempts: 5,
    });
    await store.parkCommit(b.commitId, { reason: 'refused', replyCode: 406, attempts: 5 });

    await expect(cli('unpark', 'no-such-commit')).rejects.toMatchObject({
      code: 1,
      stderr: 'switchyard: no parked commit "no-such-commit" (switchyard events parked lists them)\n',
    });
    await expect(cli('unpark')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('<commitId> or --all'),
    });
    await expect(cli('unpark', a.commitId, '--all')).rejects.toMatchObject({ code: 1 });
    expect((await store.readParked()).length).toBe(2);

    expect((await cli('unpark', '--all')).stdout).toBe('unparked 2 commit(s)\n');
    expect(await store.readParked()).toEqual([]);
  });
});
