import { AsyncResource } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import type { Lease } from '@switchyard/mongodb';
import type { OutboxMetrics } from '../metrics/outbox-metrics';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_LEASE_RENEW_MS,
  DEFAULT_MAX_RETRY_BACKOFF_MS,
  DEFAULT_PARK_AFTER_ATTEMPTS,
  DEFAULT_PARKED_REFRESH_MS,
  DEFAULT_PUBLISH_WINDOW,
  DEFAULT_RETRY_BACKOFF_MS,
  DEFAULT_SWEEP_INTERVAL_MS,
} from '../outbox.constants';
import { BatchPublisher, type FreshOutcome } from './batch-publisher';
import { CommitRetries } from './commit-retries';
import { ConfirmedListeners, type OutboxConfirmedListener } from './confirmed-listeners';
import type { OutboxRelayOptions } from './outbox-relay-options';
import type {
  OutboxCommit,
  OutboxParkedCommit,
  OutboxPublisher,
  OutboxRouting,
  OutboxSource,
} from './outbox-ports';
import { ParkedCommits } from './parked-commits';
import { describeError } from './publish-failure';

export interface OutboxRelayStatus {
  readonly holder: string;
  readonly leader: boolean;
  readonly term: number | null;
  readonly running: boolean;
  readonly lastError: string | null;
  /** Parked commits, as last read. */
  readonly parked: number;
}

/** What a drain found, for the undispatched gauge and the status. */
interface Drained {
  /** Ended on a short read: nothing was left to try at that moment. */
  readonly complete: boolean;
  /** Some streams were held back (parked, paused or failed), so commits still wait. */
  readonly held: boolean;
  /** The parked set was re-read or grew: worth counting what waits. */
  readonly recount: boolean;
  readonly refusal?: unknown;
}

/**
 * Sequences appended commits, publishes them, then marks them dispatched.
 *
 * - The lease holder is also the event store's sequencer: each round of its drain loop first gives the
 *   commits appended since their global positions (one batch), then publishes sequenced commits in
 *   position order. One lease, one loop: sequencing never races publishing.
 * - One drain loop does all publishing, so the fast path (right after an append) and the sweeper (a timer,
 *   for whatever a crash, a restart or a broker outage left behind) cannot overtake each other. Within a
 *   batch, streams go out side by side and each stream's commits strictly one after another
 *   ({@link BatchPublisher}), so per-stream order holds even when a message has to be re-sent.
 * - Only the lease holder drains; other relays keep trying to take over, and do when the holder's lease
 *   expires (crash) or is released (shutdown).
 * - A commit is marked dispatched only after every one of its events is confirmed. A crash in between
 *   publishes it again on restart: at least once, and consumers' inboxes make the effect happen once.
 * - A commit the broker refuses for good is parked after a few attempts; its stream waits behind it and
 *   the other streams go on, until an operator unparks it.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly sweepIntervalMs: number;
  private readonly backlogCheckMs: number;
  /** When the undispatched commits were last read (the read path). */
  private lastBacklogRead = 0;
  private readonly leaseRenewMs: number;
  private readonly batchSize: number;
  private readonly sequenceBatchSize: number | undefined;
  private readonly retries: CommitRetries;
  private readonly parked: ParkedCommits;
  private readonly batches: BatchPublisher;
  private readonly confirmedListeners = new ConfirmedListeners();
  private sweepTimer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private draining: Promise<void> | undefined;
  private readonly detached = new AsyncResource('SwitchyardOutboxRelay');
  private again = false;
  private running = false;
  private leader = false;
  /** The sequencer must re-read where positions stand (this relay just took the lease). */
  private resync = true;
  /**
   * Undispatched commits may wait outside the streams held back: read them. While false, the commits
   * the sequencer claims are all there is to publish, and go out before their stamp (the fast path).
   */
  private backlog = true;
  private lastError: string | null = null;

  constructor(
    private readonly source: OutboxSource,
    publisher: OutboxPublisher,
    routing: OutboxRouting,
    private readonly lease: Lease,
    private readonly metrics: OutboxMetrics,
    options: OutboxRelayOptions = {},
  ) {
    this.sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    this.backlogCheckMs = options.backlogCheckMs ?? 10 * this.sweepIntervalMs;
    this.leaseRenewMs = options.leaseRenewMs ?? DEFAULT_LEASE_RENEW_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.sequenceBatchSize = options.sequenceBatchSize;
    const parkAfterAttempts = options.parkAfterAttempts ?? DEFAULT_PARK_AFTER_ATTEMPTS;
    this.retries = new CommitRetries({
      parkAfterAttempts,
      backoffMs: options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS,
      maxBackoffMs: options.maxRetryBackoffMs ?? DEFAULT_MAX_RETRY_BACKOFF_MS,
    });
    this.parked = new ParkedCommits(source, metrics, options.parkedRefreshMs ?? DEFAULT_PARKED_REFRESH_MS);
    this.batches = new BatchPublisher(
      source,
      publisher,
      routing,
      metrics,
      this.retries,
      this.parked,
      parkAfterAttempts,
      options.publishWindow ?? DEFAULT_PUBLISH_WINDOW,
      this.confirmedListeners,
    );
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.lease.ensureIndexes();
    this.unsubscribe = this.source.subscribeToAppends(() => this.kick());
    await this.tickLease();
    this.leaseTimer = setInterval(() => void this.tickLease(), this.leaseRenewMs);
    // Every backlogCheckMs a sweep reads the undispatched commits whatever the relay believes: a deposed
    // holder's late stamps, an unparked commit, anything a crash left behind.
    this.sweepTimer = setInterval(() => {
      if (Date.now() - this.lastBacklogRead >= this.backlogCheckMs) this.backlog = true;
      this.kick();
    }, this.sweepIntervalMs);
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
      parked: this.parked.count,
    };
  }

  /**
   * Calls `listener` with each batch of commits the broker has confirmed (every event of each), right
   * after the confirms and before the commits are marked dispatched, e.g. to measure commit→publish lag
   * from `committedAt`. Called synchronously in the relay's loop, so keep it quick; an error it throws is
   * logged and ignored. A commit re-published after a crash or a lost lease is reported again (at least
   * once). Returns a function that removes the listener.
   */
  onConfirmed(listener: OutboxConfirmedListener): () => void {
    return this.confirmedListeners.add(listener);
  }

  /** Counts the undispatched commits now, updating the gauge (health checks and metrics scrapes). */
  async refreshUndispatched(): Promise<number> {
    const n = await this.source.countUndispatched();
    this.metrics.undispatched.set(n);
    return n;
  }

  /** Reads the parked commits now, updating the gauge (health checks and metrics scrapes). */
  refreshParked(): Promise<OutboxParkedCommit[]> {
    return this.parked.refresh();
  }

  /** Asks for a drain now (coalesced with one already running). */
  kick(): void {
    if (!this.running || !this.leader) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    // A kick from an append runs in that request's (or handler's) async context; the drain must not
    // inherit its trace, span or log fields: it runs in the context the relay was created in.
    this.draining = this.detached
      .runInAsyncScope(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.again && this.running) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Sequences a batch, then publishes undispatched commits in position order, round after round until
   * nothing is left to sequence and a read comes back short. Reads leave out the streams held back:
   * parked ones (known beforehand) and those stopped during this drain, so a full batch of held commits
   * is never read twice. Sequencing ignores parking: a held stream's commits still get positions.
   */
  private async drainAll(): Promise<Drained> {
    let recount = await this.parked.refreshIfDue();
    const held = this.parked.streams();
    let refusal: unknown;
    for (;;) {
      if (!this.backlog) {
        // The fast path: publish what the sequencer claims, before the stamp, which then also marks it
        // dispatched: one write per fresh commit. Anything not confirmed stays undispatched and is read
        // and published the usual way from the next step on.
        let fresh: FreshOutcome | undefined;
        const sequenced = await this.sequence(async (commits) => {
          fresh = await this.batches.publishFresh(commits, held);
          return fresh.dispatched;
        });
        refusal ??= fresh?.refusal;
        if (fresh?.parked) recount = true;
        if (fresh?.error !== undefined) {
          this.backlog = true;
          throw fresh.error;
        }
        const allOut =
          (sequenced.handedOff ?? 0) === sequenced.sequenced && (fresh?.everyOneConfirmed ?? true);
        if (!allOut) this.backlog = true;
        else if (sequenced.complete) return { complete: true, held: held.size > 0, recount, refusal };
        if (!this.running || !this.leader) return { complete: false, held: held.size > 0, recount, refusal };
        if (allOut) continue;
      }
      const sequenced = await this.sequence();
      const heldBefore = held.size;
      this.lastBacklogRead = Date.now();
      const batch = await this.source.readUndispatched({ limit: this.batchSize, excludeStreams: [...held] });
      const outcome = batch.length > 0 ? await this.batches.publish(batch, held) : undefined;
      refusal ??= outcome?.refusal;
      if (outcome?.parked) recount = true;
      const done = { held: held.size > 0, recount, refusal };
      // Everything outside the held streams is out: the next rounds can take the fast path.
      if (batch.length < this.batchSize && (outcome?.confirmed ?? 0) === batch.length) this.backlog = false;
      if (batch.length < this.batchSize && sequenced.complete) return { complete: true, ...done };
      // A full batch that neither published nor held back anything new would be read again as it is.
      const progress = (outcome?.confirmed ?? 0) > 0 || held.size > heldBefore || sequenced.sequenced > 0;
      if (!this.running || !this.leader || !progress) return { complete: false, ...done };
    }
  }

  private async sequence(handOff?: (commits: readonly OutboxCommit[]) => Promise<Iterable<string>>) {
    const resync = this.resync;
    const result = await this.source.sequence({ limit: this.sequenceBatchSize, resync, handOff });
    if (resync) this.resync = false;
    return result;
  }

  private async drain(): Promise<void> {
    try {
      const drained = await this.drainAll();
      // Every idle sweep ends here: count only when something may still wait, not on every tick.
      if (!drained.complete || (drained.held && drained.recount)) await this.refreshUndispatched();
      else if (!drained.held) this.metrics.undispatched.set(0);
      this.lastError = drained.refusal === undefined ? null : describeError(drained.refusal);
    } catch (err) {
      this.backlog = true;
      this.lastError = describeError(err);
      this.logger.warn(`drain failed, the sweeper will try again: ${this.lastError}`);
      await this.refreshUndispatched().catch(() => undefined);
    }
  }

  private async tickLease(): Promise<void> {
    if (!this.running) return;
    try {
      const was = this.leader;
      this.leader = await this.lease.tryAcquire();
      if (this.leader && !was) {
        this.logger.log(`relay ${this.lease.holder} took the lease (term ${this.lease.term})`);
        this.parked.expire();
        this.resync = true;
        this.backlog = true;
        this.kick();
      } else if (!this.leader && was) {
        this.logger.warn(`relay ${this.lease.holder} lost the lease`);
        this.retries.clear();
      }
    } catch (err) {
      this.leader = false;
      this.retries.clear();
      this.lastError = describeError(err);
    }
  }
}
