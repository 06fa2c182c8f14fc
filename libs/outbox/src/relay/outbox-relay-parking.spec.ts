import { OutboxMetrics } from '../metrics/outbox-metrics';
import { waitFor } from '@switchyard/testing';
import { FakeLease, FakePublisher, FakeSource, routing } from '../../test/relay-fakes';
import { OutboxRelay } from './outbox-relay';
import type { OutboxRelayOptions } from './outbox-relay-options';

const POLICY: OutboxRelayOptions = {
  sweepIntervalMs: 10,
  parkAfterAttempts: 3,
  retryBackoffMs: 20,
  maxRetryBackoffMs: 1_000,
  parkedRefreshMs: 50,
};

describe('OutboxRelay: poison commits', () => {
  let relay: OutboxRelay | undefined;
  let source: FakeSource;
  let publisher: FakePublisher;
  let metrics: OutboxMetrics;
  beforeEach(() => {
    source = new FakeSource();
    publisher = new FakePublisher();
    metrics = new OutboxMetrics();
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  function startRelay(options: OutboxRelayOptions = {}): Promise<void> {
    relay = new OutboxRelay(source, publisher, routing, new FakeLease('r1', true), metrics, {
      ...POLICY,
      ...options,
    });
    return relay.start();
  }

  it('parks a commit the broker refuses for good, holds its stream back, and lets other streams flow', async () => {
    // Given a stream whose first commit goes to a domain without an exchange (404), then an ordinary one
    publisher.refusedDomains.add('ghost');
    const poison = source.append('mixed-1', { type: 'ghost.happened' });
    source.append('order-1');
    const waiting = source.append('mixed-1');
    await startRelay();
    source.append('order-1');

    // Then after 3 refusals it is parked with the broker's reason
    await waitFor(() => source.get(poison).parked !== undefined, {
      what: 'the poison commit to be parked',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(source.get(poison).parked).toEqual({
      reason: expect.stringContaining('PublishRejectedError'),
      replyCode: 404,
      replyText: "NOT_FOUND - no exchange 'ghost.events' in vhost '/'",
      attempts: 3,
      parkedAt: expect.any(Date),
    });
    // with growing pauses between the attempts
    const at = publisher.attemptsOf(source.get(poison).events[0]!.eventId);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(20);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(40);

    // And the other stream went on, while the later commit of the parked stream was never sent
    await waitFor(() => source.commits.filter((c) => c.stream === 'order-1').every((c) => c.dispatched), {
      what: 'order-1 dispatched',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(publisher.revisionsOf('order-1')).toEqual([0, 1]);
    expect(publisher.attemptsOf(source.get(waiting).events[0]!.eventId)).toEqual([]);
    expect(source.get(waiting).dispatched).toBe(false);

    // And the park shows in the status, the gauge and the list
    expect(relay!.status().parked).toBe(1);
    expect((await metrics.snapshot()).parked).toBe(1);
    expect(await metrics.registry.metrics()).toContain('switchyard_outbox_parked_commits 1');
    expect((await relay!.refreshParked()).map((p) => [p.commitId, p.stream, p.revision])).toEqual([
      [poison, 'mixed-1', 0],
    ]);
    // and, once parked, the drains stop failing
    await waitFor(() => relay!.status().lastError === null, {
      what: 'the status to clear',
      timeoutMs: 3_000,
      intervalMs: 5,
    });

    // When the cause is fixed and the commit unparked, it and the waiting commit go out, in order
    publisher.refusedDomains.clear();
    source.unpark(poison);
    await waitFor(async () => (await source.countUndispatched()) === 0, {
      what: 'everything dispatched',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(publisher.revisionsOf('mixed-1')).toEqual([0, 1]);
    await waitFor(async () => (await metrics.snapshot()).parked === 0, {
      what: 'the gauge to drop',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(relay!.status().parked).toBe(0);
  });

  it('never parks on transient failures: an outage stalls the stream, then it resumes in order', async () => {
    // Given a commit whose publish times out (broker unreachable) many more times than the park bound
    const first = source.append('order-1');
    source.append('order-1');
    publisher.failIds.add(source.get(first).events[0]!.eventId);
    await startRelay();
    await waitFor(() => publisher.attempts.length >= 10, {
      what: '10 attempts',
      timeoutMs: 3_000,
      intervalMs: 5,
    });

    // Then nothing is parked, and the later commit of the stream was not sent ahead of it
    expect(source.get(first).parked).toBeUndefined();
    expect(relay!.status().parked).toBe(0);
    expect(publisher.sent).toEqual([]);

    // When the broker is back, both go out in order
    publisher.failIds.clear();
    await waitFor(async () => (await source.countUndispatched()) === 0, {
      what: 'everything dispatched',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(publisher.revisionsOf('order-1')).toEqual([0, 1]);
  });

  it('holds back the stream of a commit parked elsewhere as soon as it reads it, before any re-read', async () => {
    // Given a relay that re-reads the parked list only rarely, and has read it already
    await startRelay({ parkedRefreshMs: 60_000 });
    await waitFor(() => source.readParkedCalls === 1, {
      what: 'the first drain',
      timeoutMs: 3_000,
      intervalMs: 5,
    });

    // When another relay parked a commit of s (simulated), and later commits of s and t are appended
    const parked = source.append('s');
    await source.parkCommit(parked, { reason: 'refused', replyCode: 403, attempts: 5 });
    const later = source.append('s');
    source.append('t');

    // Then t is published and s's later commit waits, in that drain and in the next ones (u's commit is
    // read after s's in position order, so once u is dispatched a drain has passed s by)
    await waitFor(() => source.get('c3').dispatched, {
      what: 't dispatched',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    source.append('u');
    await waitFor(() => source.get('c4').dispatched, {
      what: 'u dispatched',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(publisher.attempts.map((a) => a.eventId)).toEqual(['e3', 'e4']);
    expect(source.get(later).dispatched).toBe(false);
    expect(relay!.status().parked).toBe(1);
    expect(source.readParkedCalls).toBe(1);
  });

  it('reads past a parked stream with more waiting commits than a batch holds', async () => {
    publisher.refusedDomains.add('ghost');
    source.append('s', { type: 'ghost.happened' });
    for (let i = 0; i < 6; i++) source.append('s');
    source.append('t');
    await startRelay({ batchSize: 2, parkAfterAttempts: 1 });
    await waitFor(() => source.commits.find((c) => c.stream === 't')!.dispatched, {
      what: 't dispatched',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(publisher.sent.map((s) => s.stream)).toEqual(['t']);
  });
});
