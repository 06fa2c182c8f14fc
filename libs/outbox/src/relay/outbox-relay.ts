import { Logger } from '@nestjs/common';
import type { Lease } from '../lease/lease';
import type { OutboxMetrics } from '../metrics/outbox-metrics';
import { DEFAULT_BATCH_SIZE, DEFAULT_LEASE_RENEW_MS, DEFAULT_SWEEP_INTERVAL_MS } from '../outbox.constants';
import { crashAt } from './fault-points';
import { toOutgoingEvent } from './to-outgoing-event';
import type { OutboxCommit, OutboxPublisher, OutboxRouting, OutboxSource } from './outbox-ports';

export interface OutboxRelayOptions {
  /** @default DEFAULT_SWEEP_INTERVAL_MS */
  readonly sweepIntervalMs?: number;
  /** @default DEFAULT_LEASE_RENEW_MS */
  readonly leaseRenewMs?: number;
  /** @default DEFAULT_BATCH_SIZE */
  readonly batchSize?: number;
}

export interface OutboxRelayStatus {
  readonly holder: string;
  readonly leader: boolean;
  readonly term: number | null;
  readonly running: boolean;
  readonly lastError: string | null;
}

/**
 * Publishes stored commits, then marks them dispatched.
 *
 * - One drain loop does all publishing, so the fast path (right after an append) and the sweeper (a timer,
 *   for whatever a crash, a restart or a broker outage left behind) cannot overtake each other: commits go
 *   out in position order, which within a stream is revision order.
 * - Only the lease holder drains; other relays keep trying to take over, and do when the holder's lease
 *   expires (crash) or is released (shutdown).
 * - A commit is marked dispatched only after every one of its events is confirmed. A crash in between
 *   publishes it again on restart: at least once, and consumers' inboxes make the effect happen once.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly sweepIntervalMs: number;
  private readonly leaseRenewMs: number;
  private readonly batchSize: number;
  private sweepTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private running = false;
  private leader = false;
  private lastError: string | null = null;

  constructor(
    private readonly source: OutboxSource,
    private readonly publisher: OutboxPublisher,
    private readonly routing: OutboxRouting,
    private readonly lease: Lease,
    private readonly metrics: OutboxMetrics,
    options: OutboxRelayOptions = {},
  ) {
    this.sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    this.leaseRenewMs = options.leaseRenewMs ?? DEFAULT_LEASE_RENEW_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.lease.ensureIndexes();
    this.unsubscribe = this.source.subscribeToAppends(() => this.kick());
    await this.tickLease();
    this.leaseTimer = setInterval(() => void this.tickLease(), this.leaseRenewMs);
    this.sweepTimer = setInterval(() => this.kick(), this.sweepIntervalMs);
    this.kick();
  }

  /** Stops publishing, waits for the batch in flight, and releases the lease for a follower. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.sweepTimer);
    clearInterval(this.leaseTimer);
    this.unsubscribe?.();
    await this.draining;
    if (this.leader) await this.lease.release().catch(() => undefined);
    this.leader = false;
  }

  status(): OutboxRelayStatus {
    return {
      holder: this.lease.holder,
      leader: this.leader,
      term: this.lease.term ?? null,
      running: this.running,
      lastError: this.lastError,
    };
  }

  /** Counts the undispatched commits now, updating the gauge (health checks and metrics scrapes). */
  async refreshUndispatched(): Promise<number> {
    const n = await this.source.countUndispatched();
    this.metrics.undispatched.set(n);
    return n;
  }

  /** Asks for a drain now (coalesced with one already running). */
  kick(): void {
    if (!this.running || !this.leader) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again && this.running) {
        this.again = false;
        this.kick();
      }
    });
  }

  /**
   * Publishes undispatched commits in batches until a read comes back short. Resolves true when it did,
   * i.e. nothing was left undispatched at that moment; false when it stopped early (lost the lease, or
   * stopping).
   */
  private async drainAll(): Promise<boolean> {
    for (;;) {
      const batch = await this.source.readUndispatched({ limit: this.batchSize });
      if (batch.length > 0) await this.publishBatch(batch);
      if (batch.length < this.batchSize) return true;
      if (!this.running || !this.leader) return false;
    }
  }

  private async drain(): Promise<void> {
    try {
      // Every sweep ends here: count only when the drain stopped early, not on every idle tick.
      if (await this.drainAll()) this.metrics.undispatched.set(0);
      else await this.refreshUndispatched();
      this.lastError = null;
    } catch (err) {
      this.lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      this.logger.warn(`drain failed, the sweeper will try again: ${this.lastError}`);
      await this.refreshUndispatched().catch(() => undefined);
    }
  }

  private async publishBatch(batch: readonly OutboxCommit[]): Promise<void> {
    // Sent in order on one confirm channel; awaited together, so one round trip covers the batch.
    const confirmed = batch.map((commit) =>
      Promise.all(commit.events.map((e) => this.publisher.publish(toOutgoingEvent(e, this.routing)))),
    );
    const results = await Promise.allSettled(confirmed);
    // Mark only the confirmed prefix: a commit after a failed one is published again with it next time,
    // so the failed commit never lands after a later commit of its stream for good.
    const done: string[] = [];
    let failure: unknown;
    for (let i = 0; i < batch.length; i++) {
      const r = results[i]!;
      if (r.status === 'rejected') {
        failure = r.reason;
        break;
      }
      done.push(batch[i]!.commitId);
      this.metrics.observeLag(batch[i]!.committedAt);
    }
    crashAt('after-publish-before-mark');
    for (const commitId of done) await this.source.markDispatched(commitId);
    if (failure !== undefined) throw failure;
  }

  private async tickLease(): Promise<void> {
    if (!this.running) return;
    try {
      const was = this.leader;
      this.leader = await this.lease.tryAcquire();
      if (this.leader && !was) {
        this.logger.log(`relay ${this.lease.holder} took the lease (term ${this.lease.term})`);
        this.kick();
      } else if (!this.leader && was) {
        this.logger.warn(`relay ${this.lease.holder} lost the lease`);
      }
    } catch (err) {
      this.leader = false;
      this.lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
  }
}
