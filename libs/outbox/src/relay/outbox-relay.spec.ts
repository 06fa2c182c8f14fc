import { OutboxMetrics } from '../metrics/outbox-metrics';
import { waitFor } from '@switchyard/testing';
import { FakeLease, FakePublisher, FakeSource, routing } from '../../test/relay-fakes';
import { OutboxRelay } from './outbox-relay';
import type { OutboxRelayOptions } from './outbox-relay-options';

describe('OutboxRelay', () => {
  let relay: OutboxRelay | undefined;
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  function startRelay(
    source: FakeSource,
    publisher: FakePublisher,
    options: OutboxRelayOptions = {},
    metrics = new OutboxMetrics(),
  ): Promise<void> {
    relay = new OutboxRelay(source, publisher, routing, new FakeLease('r1', true), metrics, {
      sweepIntervalMs: 20,
      ...options,
    });
    return relay.start();
  }
  const drained = (source: FakeSource) =>
    waitFor(async () => (await source.countUndispatched()) === 0, {
      what: 'every commit dispatched',
      timeoutMs: 3_000,
      intervalMs: 5,
    });

  it('publishes every commit through fast path and sweeper alike, each stream in revision order', async () => {
    // Given commits stored before the relay starts (sweeper) and during its run (fast path)
    const source = new FakeSource();
    const publisher = new FakePublisher();
    source.append('order-1');
    source.append('order-2');
    await startRelay(source, publisher);
    for (let r = 1; r <= 20; r++) source.append(`order-${r % 3}`);

    // Then all are published once, each stream in revision order, to the domain's exchange
    await drained(source);
    expect(publisher.sent.map((s) => s.eventId).sort()).toEqual(
      source.commits.map((c) => c.events[0]!.eventId).sort(),
    );
    for (const s of ['order-0', 'order-1', 'order-2']) {
      const revisions = publisher.revisionsOf(s);
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
    expect(publisher.sent.find((s) => s.stream === 'order-1')).toMatchObject({
      domain: 'orders',
      routingKey: 'orders.placed',
      revision: 0,
    });
  });

  it("sends streams side by side, but a stream's next event only after its previous one is confirmed", async () => {
    const source = new FakeSource();
    const publisher = new FakePublisher();
    publisher.delayMs = () => 5;
    for (let round = 0; round < 4; round++) {
      for (const s of ['a', 'b', 'c', 'd']) source.append(s, { events: 2 });
    }
    await startRelay(source, publisher);
    await drained(source);
    expect(publisher.maxInFlightPerStream).toBe(1);
    expect(publisher.maxInFlight).toBeGreaterThan(1);
    for (const s of ['a', 'b', 'c', 'd']) expect(publisher.revisionsOf(s)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('after a failure mid-batch marks every confirmed commit, and re-sends only what was not confirmed', async () => {
    // Given three streams, and b's first commit failing (broker timeout) until the broker is back
    const source = new FakeSource();
    const publisher = new FakePublisher();
    for (const s of ['a', 'b', 'c', 'a', 'b', 'c']) source.append(s);
    publisher.failIds.add('e2');
    const metrics = new OutboxMetrics();
    await startRelay(source, publisher, {}, metrics);

    // Then a's and c's commits are confirmed and marked; b's first fails and its second is not sent
    await waitFor(() => relay!.status().lastError !== null, {
      what: 'the failure to be reported',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    await waitFor(() => source.commits.filter((c) => c.stream !== 'b').every((c) => c.dispatched), {
      what: 'a and c dispatched',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(source.commits.filter((c) => c.stream === 'b').map((c) => c.dispatched)).toEqual([false, false]);
    expect(publisher.attemptsOf('e5')).toEqual([]);
    expect(relay!.status().lastError).toContain('PublishTimeoutError');

    // When the broker takes it again, b's commits go out in order; nothing was sent twice
    publisher.failIds.clear();
    await drained(source);
    expect(publisher.revisionsOf('b')).toEqual([0, 1]);
    const ids = publisher.sent.map((s) => s.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(6);
    for (const id of ['e1', 'e3', 'e4', 'e6']) expect(publisher.attemptsOf(id)).toHaveLength(1);
    await waitFor(() => relay!.status().lastError === null, {
      what: 'the status to clear',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect((await metrics.snapshot()).undispatched).toBe(0);
  });

  it('retries a commit from its first unconfirmed event', async () => {
    const source = new FakeSource();
    const publisher = new FakePublisher();
    source.append('a', { events: 3 });
    publisher.failIds.add('e1.1');
    await startRelay(source, publisher);
    await waitFor(() => publisher.attemptsOf('e1.1').length >= 2, {
      what: 'two attempts at the failing event',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    publisher.failIds.clear();
    await drained(source);
    expect(publisher.sent.map((s) => s.eventId)).toEqual(['e1.0', 'e1.1', 'e1.2']);
    expect(publisher.attemptsOf('e1.0')).toHaveLength(1);
  });

  it('tells onConfirmed listeners the confirmed commits before marking them, until they unsubscribe', async () => {
    const source = new FakeSource();
    const publisher = new FakePublisher();
    source.append('a');
    source.append('b');
    const seen: { ids: string[]; dispatched: boolean[] }[] = [];
    relay = new OutboxRelay(source, publisher, routing, new FakeLease('r1', true), new OutboxMetrics(), {
      sweepIntervalMs: 20,
    });
    // A listener that throws is logged and ignored: the relay and the other listeners go on
    relay.onConfirmed(() => {
      throw new Error('a broken metrics listener');
    });
    const unsubscribe = relay.onConfirmed((confirmed) => {
      seen.push({
        ids: confirmed.map((c) => c.commitId).sort(),
        dispatched: confirmed.map((c) => source.get(c.commitId).dispatched),
      });
    });
    await relay.start();
    await drained(source);
    expect(seen).toEqual([{ ids: ['c1', 'c2'], dispatched: [false, false] }]);
    // Once unsubscribed, later confirms are not reported
    unsubscribe();
    source.append('c');
    await drained(source);
    expect(publisher.sent.map((e) => e.stream).sort()).toEqual(['a', 'b', 'c']);
    expect(seen).toHaveLength(1);
  });

  it('keeps many confirms in flight across streams, never more than the window, and marks a batch in one write', async () => {
    // Given 40 streams with 3 commits each, stored before the relay starts
    const source = new FakeSource();
    const publisher = new FakePublisher();
    publisher.delayMs = () => 5;
    for (let round = 0; round < 3; round++) for (let s = 0; s < 40; s++) source.append(`s-${s}`);
    await startRelay(source, publisher, { publishWindow: 16, batchSize: 200 });
    await drained(source);
    // Then up to the window was in flight, one per stream, every stream in order
    expect(publisher.maxInFlight).toBe(16);
    expect(publisher.maxInFlightPerStream).toBe(1);
    for (let s = 0; s < 40; s++) expect(publisher.revisionsOf(`s-${s}`)).toEqual([0, 1, 2]);
    // And the 120 commits were marked in one bulk write
    expect(source.markCalls.map((ids) => ids.length)).toEqual([120]);
  });

  it('publishes only sequenced commits, sequencing first in the same loop (the fast path)', async () => {
    // Given a relay running idle
    const source = new FakeSource();
    const publisher = new FakePublisher();
    await startRelay(source, publisher, { sweepIntervalMs: 60_000 });
    await waitFor(() => source.sequenceCalls > 0, {
      what: 'the first drain',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    // When a commit is appended, the append listener alone (no sweep) gets it sequenced and published
    const started = Date.now();
    source.append('a');
    await drained(source);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(source.get('c1')).toMatchObject({ sequenced: true, dispatched: true });
  });

  it('publishes nothing while another relay holds the lease', async () => {
    const source = new FakeSource();
    const publisher = new FakePublisher();
    source.append('order-1');
    const lease = new FakeLease('r2', false);
    relay = new OutboxRelay(source, publisher, routing, lease, new OutboxMetrics(), {
      sweepIntervalMs: 10,
      leaseRenewMs: 10,
    });
    await relay.start();
    // Several lease rounds and sweeps go by (an event that would be followed by a publish if it led)
    await waitFor(() => lease.tries >= 5, {
      what: 'five attempts at the lease',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(publisher.attempts).toHaveLength(0);
    expect(source.sequenceCalls).toBe(0);
    expect(relay.status().leader).toBe(false);
  });

  it("a sweep every backlogCheckMs reads the undispatched commits it did not sequence itself (a deposed holder's)", async () => {
    const source = new FakeSource();
    const publisher = new FakePublisher();
    relay = new OutboxRelay(source, publisher, routing, new FakeLease('r1', true), new OutboxMetrics(), {
      sweepIntervalMs: 20,
      backlogCheckMs: 200,
    });
    await relay.start();
    await waitFor(() => source.sequenceCalls > 2, {
      what: 'the relay on its fast path',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    // Given a commit another sequencer stamped (sequenced, undispatched), which no append here announced
    const id = source.append('stamped-elsewhere');
    source.get(id).sequenced = true;
    // Then a backlog read finds it and publishes it
    await waitFor(() => source.get(id).dispatched, {
      what: 'the commit published',
      timeoutMs: 3_000,
      intervalMs: 5,
    });
    expect(publisher.attempts.map((a) => a.eventId)).toContain(source.get(id).events[0]!.eventId);
  });
});
