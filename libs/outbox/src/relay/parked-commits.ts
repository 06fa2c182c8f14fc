import type { OutboxMetrics } from '../metrics/outbox-metrics';
import type { OutboxCommit, OutboxParkedCommit, OutboxSource } from './outbox-ports';

/**
 * What the relay knows of parked commits: the streams it must hold back and the list health shows.
 *
 * The store is the truth (`parked: true` on the commit). This copy is re-read every `refreshMs`, so a
 * drain never queries for parked commits on its hot path, and an unpark is seen within that time. A
 * stale copy is safe: the store returns parked commits among the undispatched ones, and the relay holds
 * their streams back as soon as it reads one ({@link noteSeen}).
 */
export class ParkedCommits {
  private byId = new Map<string, OutboxParkedCommit>();
  private refreshedAt = 0;

  constructor(
    private readonly source: OutboxSource,
    private readonly metrics: OutboxMetrics,
    private readonly refreshMs: number,
  ) {}

  /** Streams with a parked commit, whose later commits wait behind it. */
  streams(): Set<string> {
    return new Set([...this.byId.values()].map((p) => p.stream));
  }

  /** The parked commits known now, oldest first. */
  list(): OutboxParkedCommit[] {
    return [...this.byId.values()].sort((a, b) => a.position - b.position);
  }

  get count(): number {
    return this.byId.size;
  }

  /** Re-reads the parked commits from the store and updates the gauge. */
  async refresh(): Promise<OutboxParkedCommit[]> {
    const parked = await this.source.readParked();
    this.byId = new Map(parked.map((p) => [p.commitId, p]));
    this.refreshedAt = Date.now();
    this.metrics.parked.set(this.byId.size);
    return this.list();
  }

  /** Refreshes when the last refresh is older than `refreshMs`; true when it did. */
  async refreshIfDue(now = Date.now()): Promise<boolean> {
    if (now - this.refreshedAt < this.refreshMs) return false;
    await this.refresh();
    return true;
  }

  /** Makes the next {@link refreshIfDue} read the store (after losing or taking the lease). */
  expire(): void {
    this.refreshedAt = 0;
  }

  /** A parked commit met in a read of undispatched commits (parked by another relay, or before). */
  noteSeen(commit: OutboxCommit): void {
    if (!commit.parked || this.byId.has(commit.commitId)) return;
    this.add({
      commitId: commit.commitId,
      stream: commit.stream,
      revision: commit.events[0]?.revision ?? 0,
      position: commit.position,
      parking: commit.parked,
    });
  }

  /** A commit this relay just parked. */
  add(parked: OutboxParkedCommit): void {
    this.byId.set(parked.commitId, parked);
    this.metrics.parked.set(this.byId.size);
  }
}
