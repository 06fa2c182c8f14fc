import { OutboxMetrics } from '../metrics/outbox-metrics';
import type { Lease } from '../lease/lease';
import { OutboxRelay } from './outbox-relay';
import type { OutboxCommit, OutboxPublisher, OutboxSource } from './outbox-ports';

class FakeSource implements OutboxSource {
  readonly commits: (OutboxCommit & { dispatched: boolean })[] = [];
  private listeners = new Set<(c: OutboxCommit) => void>();
  append(stream: string, revision: number): void {
    const position = this.commits.length + 1;
    const commit = {
      commitId: `c${position}`,
      stream,
      position,
      committedAt: new Date(),
      dispatched: false,
      events: [
        {
          eventId: `e${position}`,
          type: 'order.placed',
          schemaVersion: 1,
          data: { n: position },
          stream,
          revision,
          position,
          committedAt: new Date(),
        },
      ],
    };
    this.commits.push(commit);
    for (const l of this.listeners) l(commit);
  }
  async readUndispatched({ limit }: { limit: number }): Promise<OutboxCommit[]> {
    return this.commits.filter((c) => !c.dispatched).slice(0, limit);
  }
  async markDispatched(id: string): Promise<void> {
    this.commits.find((c) => c.commitId === id)!.dispatched = true;
  }
  async countUndispatched(): Promise<number> {
    return this.commits.filter((c) => !c.dispatched).length;
  }
  subscribeToAppends(l: (c: OutboxCommit) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

class FakePublisher implements OutboxPublisher {
  readonly sent: {
    eventId: string;
    stream?: string;
    revision?: number;
    exchangeDomain: string;
    routingKey?: string;
  }[] = [];
  failIds = new Set<string>();
  async publish(e: Parameters<OutboxPublisher['publish']>[0]): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    if (this.failIds.has(e.eventId)) throw new Error(`broker said no to ${e.eventId}`);
    this.sent.push({
      eventId: e.eventId,
      stream: e.stream,
      revision: e.revision,
      exchangeDomain: e.domain,
      routingKey: e.routingKey,
    });
  }
}

class FakeLease implements Lease {
  term: number | undefined;
  constructor(
    readonly holder: string,
    private holds: boolean,
  ) {}
  async ensureIndexes(): Promise<void> {}
  async tryAcquire(): Promise<boolean> {
    this.term = this.holds ? 1 : undefined;
    return this.holds;
  }
  async release(): Promise<void> {
    this.term = undefined;
  }
}

const routing = { domainOf: () => 'orders', routingKeyOf: (t: string) => t };

async function until(check: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('OutboxRelay', () => {
  it('publishes every commit, in position order, through fast path and sweeper alike', async () => {
    // Given commits stored before the relay starts (sweeper) and during its run (fast path)
    const source = new FakeSource();
    const publisher = new FakePublisher();
    source.append('order-1', 0);
    source.append('order-2', 0);
    const relay = new OutboxRelay(
      source,
      publisher,
      routing,
      new FakeLease('r1', true),
      new OutboxMetrics(),
      { sweepIntervalMs: 20 },
    );
    await relay.start();
    for (let r = 1; r <= 20; r++) source.append(`order-${r % 3}`, r);

    // Then all are published, in position order, to the domain exchange with the contract's routing key
    await until(async () => (await source.countUndispatched()) === 0);
    await relay.stop();
    expect(publisher.sent.map((s) => s.eventId)).toEqual(source.commits.map((c) => c.events[0]!.eventId));
    expect(publisher.sent[0]).toMatchObject({
      exchangeDomain: 'orders',
      routingKey: 'order.placed',
      stream: 'order-1',
      revision: 0,
    });
  });

  it('marks only the confirmed prefix when a publish fails, and publishes the rest later in order', async () => {
    const source = new FakeSource();
    const publisher = new FakePublisher();
    for (let i = 0; i < 5; i++) source.append('order-1', i);
    publisher.failIds.add('e3');
    const metrics = new OutboxMetrics();
    const relay = new OutboxRelay(source, publisher, routing, new FakeLease('r1', true), metrics, {
      sweepIntervalMs: 20,
    });
    await relay.start();

    // When the third commit fails, the first two are dispatched and the rest stay undispatched
    await until(() => relay.status().lastError !== null);
    expect(source.commits.map((c) => c.dispatched)).toEqual([true, true, false, false, false]);

    // And once the broker takes it again, the rest go out, e3 before e4 and e5 the last time round
    publisher.failIds.clear();
    await until(async () => (await source.countUndispatched()) === 0);
    await relay.stop();
    const last = publisher.sent.map((s) => s.eventId).slice(-3);
    expect(last).toEqual(['e3', 'e4', 'e5']);
    expect((await metrics.snapshot()).undispatched).toBe(0);
  });

  it('publishes nothing while another relay holds the lease', async () => {
    const source = new FakeSource();
    const publisher = new FakePublisher();
    source.append('order-1', 0);
    const relay = new OutboxRelay(
      source,
      publisher,
      routing,
      new FakeLease('r2', false),
      new OutboxMetrics(),
      { sweepIntervalMs: 10 },
    );
    await relay.start();
    await new Promise((r) => setTimeout(r, 100));
    await relay.stop();
    expect(publisher.sent).toHaveLength(0);
    expect(relay.status().leader).toBe(false);
  });
});
