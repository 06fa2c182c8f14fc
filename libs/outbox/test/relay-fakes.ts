/** In-memory stand-ins for the relay's ports, for unit tests (no I/O). */
import { PublishRejectedError, PublishTimeoutError } from '@switchyard/messaging';
import type { Lease } from '@switchyard/mongodb';
import type {
  OutboxCommit,
  OutboxParkedCommit,
  OutboxParking,
  OutboxPublisher,
  OutboxSource,
} from '../src/relay/outbox-ports';

type StoredFake = OutboxCommit & { dispatched: boolean; sequenced: boolean; parked?: OutboxParking };

/**
 * The event store as the relay sees it. Appends are sequenced in append order by `sequence()` (the
 * store's sequencer), so a commit's position is its append number; `markDispatched` calls are counted.
 */
export class FakeSource implements OutboxSource {
  readonly commits: StoredFake[] = [];
  readParkedCalls = 0;
  readonly markCalls: (readonly string[])[] = [];
  sequenceCalls = 0;
  private readonly revisions = new Map<string, number>();
  private listeners = new Set<() => void>();

  /** Appends one commit of `events` events of `type` to `stream`; returns its id (`c<append number>`). */
  append(stream: string, options: { type?: string; events?: number } = {}): string {
    const position = this.commits.length + 1;
    const first = (this.revisions.get(stream) ?? -1) + 1;
    const n = options.events ?? 1;
    this.revisions.set(stream, first + n - 1);
    const commit: StoredFake = {
      commitId: `c${position}`,
      stream,
      position,
      committedAt: new Date(),
      dispatched: false,
      sequenced: false,
      events: Array.from({ length: n }, (_, i) => ({
        eventId: n === 1 ? `e${position}` : `e${position}.${i}`,
        type: options.type ?? 'orders.placed',
        schemaVersion: 1,
        data: { n: position },
        stream,
        revision: first + i,
        position,
        committedAt: new Date(),
      })),
    };
    this.commits.push(commit);
    for (const l of this.listeners) l();
    return commit.commitId;
  }

  get(commitId: string): StoredFake {
    return this.commits.find((c) => c.commitId === commitId)!;
  }

  /** What an operator's `switchyard events unpark` does. */
  unpark(commitId: string): void {
    delete this.get(commitId).parked;
  }

  async sequence(o: { limit?: number }): Promise<{ sequenced: number; complete: boolean }> {
    this.sequenceCalls++;
    const pending = this.commits.filter((c) => !c.sequenced);
    const batch = pending.slice(0, o.limit ?? 1000);
    for (const c of batch) c.sequenced = true;
    return { sequenced: batch.length, complete: batch.length === pending.length };
  }
  async readUndispatched(o: { limit: number; excludeStreams?: readonly string[] }): Promise<OutboxCommit[]> {
    const excluded = new Set(o.excludeStreams ?? []);
    return this.commits
      .filter((c) => c.sequenced && !c.dispatched && !excluded.has(c.stream))
      .slice(0, o.limit)
      .map((c) => ({ ...c }));
  }
  async markDispatched(ids: readonly string[]): Promise<void> {
    this.markCalls.push(ids);
    for (const id of ids) this.get(id).dispatched = true;
  }
  async countUndispatched(): Promise<number> {
    return this.commits.filter((c) => !c.dispatched).length;
  }
  async parkCommit(id: string, parking: Omit<OutboxParking, 'parkedAt'>): Promise<void> {
    const c = this.get(id);
    if (!c.dispatched) c.parked = { ...parking, parkedAt: new Date() };
  }
  async readParked(): Promise<OutboxParkedCommit[]> {
    this.readParkedCalls++;
    return this.commits
      .filter((c) => c.parked && !c.dispatched)
      .map((c) => ({
        commitId: c.commitId,
        stream: c.stream,
        revision: c.events[0]!.revision,
        position: c.position,
        parking: c.parked!,
      }));
  }
  subscribeToAppends(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

/** A broker refusal as the publisher reports it when the exchange does not exist. */
export function notFound(domain: string, messageId = 'm'): PublishRejectedError {
  return new PublishRejectedError(`${domain}.events`, 'k', messageId, undefined, {
    replyCode: 404,
    replyText: `NOT_FOUND - no exchange '${domain}.events' in vhost '/'`,
  });
}

export interface SentEvent {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly domain: string;
  readonly routingKey?: string;
}

/**
 * A publisher that confirms after `delayMs`, refuses every event of a domain in `refusedDomains`
 * (permanently, 404), and fails events in `failIds` with a timeout (transient) while they are listed.
 * It records confirmed events in confirm order, every attempt, and how many publishes of one stream
 * were in flight at once.
 */
export class FakePublisher implements OutboxPublisher {
  readonly sent: SentEvent[] = [];
  readonly attempts: { eventId: string; at: number }[] = [];
  readonly refusedDomains = new Set<string>();
  readonly failIds = new Set<string>();
  delayMs: (e: { stream?: string }) => number = () => 1;
  maxInFlightPerStream = 0;
  maxInFlight = 0;
  private readonly inFlight = new Map<string, number>();
  private total = 0;

  async publish(e: Parameters<OutboxPublisher['publish']>[0]): Promise<void> {
    const stream = e.stream ?? '';
    this.attempts.push({ eventId: e.eventId, at: Date.now() });
    this.inFlight.set(stream, (this.inFlight.get(stream) ?? 0) + 1);
    this.total++;
    this.maxInFlightPerStream = Math.max(this.maxInFlightPerStream, this.inFlight.get(stream)!);
    this.maxInFlight = Math.max(this.maxInFlight, this.total);
    try {
      await new Promise((r) => setTimeout(r, this.delayMs(e)));
      if (this.refusedDomains.has(e.domain)) throw notFound(e.domain, e.eventId);
      if (this.failIds.has(e.eventId)) {
        throw new PublishTimeoutError(`${e.domain}.events`, e.routingKey ?? '', e.eventId, 5, 'confirm');
      }
      this.sent.push({
        eventId: e.eventId,
        stream,
        revision: e.revision ?? -1,
        domain: e.domain,
        routingKey: e.routingKey,
      });
    } finally {
      this.inFlight.set(stream, this.inFlight.get(stream)! - 1);
      this.total--;
    }
  }

  /** The revisions of `stream` in the order they were confirmed. */
  revisionsOf(stream: string): number[] {
    return this.sent.filter((s) => s.stream === stream).map((s) => s.revision);
  }

  attemptsOf(eventId: string): number[] {
    return this.attempts.filter((a) => a.eventId === eventId).map((a) => a.at);
  }
}

export class FakeLease implements Lease {
  term: number | undefined;
  /** How often the relay tried to take the lease. */
  tries = 0;
  constructor(
    readonly holder: string,
    private holds: boolean,
  ) {}
  async ensureIndexes(): Promise<void> {}
  async tryAcquire(): Promise<boolean> {
    this.tries++;
    this.term = this.holds ? 1 : undefined;
    return this.holds;
  }
  async release(): Promise<void> {
    this.term = undefined;
  }
}

/** Event type `<domain>.<what>` goes to `<domain>`; its routing key is the type. */
export const routing = { domainOf: (t: string) => t.split('.')[0]!, routingKeyOf: (t: string) => t };
