import type { ProjectionDefinition } from '../definition/projection-definition';
import { isProjectionLeaseLostError, ProjectionLeaseLostError } from '../errors/projection-lease-lost.error';
import { isProjectionWriteConflictError } from '../errors/projection-write-conflict.error';
import {
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  DEFAULT_LIVE_PAGE_SIZE,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_PROJECTION_LEASE_RENEW_MS,
  DEFAULT_PROJECTION_LEASE_TTL_MS,
} from '../projections.constants';
import { buildKey } from '../store/build-ref';
import type { ProjectionStore } from '../store/projection-store';
import type { BuildCheckpoint, BuildRef, PausedAt } from '../store/projection-store.types';
import { applyPage } from './apply-page';
import { DocumentCache } from './document-cache';
import { HeldLease } from './held-lease';
import { PageReader } from './page-reader';
import { pausedAtEvent, pausedAtUnreadable, pauseRefs } from './paused-at';
import { defaultProjectionLogger, type ProjectionLogger } from './projection-logger';
import type { ProjectionRunnerOptions } from './projection-runner.options';
import type { StepResult } from './step-result';

/**
 * Runs one build (`name@version`) from the event store: the catch-up loop every mode shares. Each round
 * takes (or renews) the build's lease, reads a page from its checkpoint by global position, applies it
 * (`applyPage`) and moves the checkpoint. Without the lease it stands by and tries again every renewal
 * period. `wake()` starts a round at once (a broker message says there is something new); a poll every
 * `pollIntervalMs` is the safety net. The store is the source of truth: a wake for any position just
 * means "read from the checkpoint", so a lost, repeated or reordered message changes nothing.
 */
export class ProjectionRunner {
  readonly build: BuildRef;
  private readonly definition: ProjectionDefinition;
  private readonly store: ProjectionStore;
  private readonly lease: HeldLease;
  private readonly reader: PageReader;
  private readonly logger: ProjectionLogger;
  private readonly pollMs: number;
  private readonly skipped = new Set<string>();
  private checkpoint: BuildCheckpoint | undefined;
  /** The position of the stored checkpoint (a live runner stores it every `checkpointIntervalMs`). */
  private storedPosition = 0;
  private storedAt = 0;
  private readonly checkpointIntervalMs: number;
  private readonly cache = new DocumentCache();
  private readonly writeMargin: number;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private finishAt: number | undefined;
  private woken = false;
  /** The highest position a wake named: a round that ends short of it looks again soon. */
  private wanted = 0;
  private lookAgainMs = LOOK_AGAIN_MIN_MS;
  private sleeper: (() => void) | undefined;
  private failures = 0;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.definition = options.definition;
    this.store = options.store;
    this.build = {
      name: options.definition.name,
      version: options.version ?? options.definition.version,
      collection: options.definition.collection,
    };
    const ttl = options.leaseTtlMs ?? DEFAULT_PROJECTION_LEASE_TTL_MS;
    const renewMs = options.leaseRenewMs ?? DEFAULT_PROJECTION_LEASE_RENEW_MS;
    this.lease = new HeldLease(options.store.lease(buildKey(this.build), options.holder, ttl), renewMs, ttl);
    // Writes need the term to last a renewal period more (a write is a few ms; a renewal comes every period)
    this.writeMargin = Math.min(renewMs, ttl / 2);
    this.reader = new PageReader(
      options.events,
      options.pageSize ?? DEFAULT_LIVE_PAGE_SIZE,
      options.isUnreadable,
    );
    this.logger = options.logger ?? defaultProjectionLogger();
    this.pollMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.checkpointIntervalMs =
      (options.mode ?? 'live') === 'live'
        ? (options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS)
        : 0;
  }

  /** The checkpoint as this runner last saw it (while it holds the lease). */
  get position(): number | undefined {
    return this.checkpoint?.position;
  }

  /** Whether this runner holds its build's lease. */
  get isHolder(): boolean {
    return this.lease.held;
  }

  /** Starts rounds in the background: on `wake()`, and every poll interval. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Something was appended at `position` (or somewhere): read now, unless already past it. */
  wake(position?: number): void {
    if (position !== undefined && this.checkpoint && position <= this.checkpoint.position) return;
    if (position !== undefined && position > this.wanted) this.wanted = position;
    this.woken = true;
    this.sleeper?.();
  }

  /** Stops after the current round and releases the lease (graceful shutdown: a standby takes over). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.sleeper?.();
    await this.loop;
    await this.flush().catch(() => undefined);
    await this.lease.release().catch(() => undefined);
  }

  /**
   * Goes on until the checkpoint reaches `position` (or the build pauses, or another process holds it),
   * then stops and releases the lease: how a live build hands over to the version a rebuild switched to.
   */
  async finish(position: number): Promise<void> {
    this.finishAt = position;
    this.wake();
    await this.loop;
    await this.flush().catch(() => undefined);
    await this.lease.release().catch(() => undefined);
  }

  /**
   * Runs rounds until the build has caught up with the store (a short page), reached `until`, or paused.
   * Standing by, it waits for the lease. For rebuilds, tests and a build finishing its part.
   */
  async catchUp(options: { until?: number; signal?: AbortSignal } = {}): Promise<StepResult> {
    for (;;) {
      options.signal?.throwIfAborted();
      let result: StepResult;
      try {
        result = await this.step();
      } catch (err) {
        if (!isProjectionWriteConflictError(err) && !isProjectionLeaseLostError(err)) throw err;
        // Another writer (a holder that lost its lease without knowing yet), or our lease may have
        // passed: read again
        this.logger.warn(err.message);
        this.forget();
        await delay(Math.min(this.pollMs, 100));
        continue;
      }
      if (result.kind === 'paused') return result;
      if (result.kind === 'standby') {
        await delay(this.options.leaseRenewMs ?? DEFAULT_PROJECTION_LEASE_RENEW_MS);
        continue;
      }
      if (result.kind === 'progress') {
        if (options.until !== undefined ? result.position >= options.until : result.caughtUp) {
          await this.flush();
          return result;
        }
        if (result.caughtUp) await delay(Math.min(this.pollMs, 50));
      }
    }
  }

  /**
   * One round. @throws ProjectionWriteConflictError when another writer moved a document or the
   * checkpoint (the next round reads again), or a database error
   */
  async step(): Promise<StepResult> {
    try {
      return await this.round();
    } catch (err) {
      this.forget(); // whatever this round wrote, the next one starts from what is stored
      throw err;
    }
  }

  private async round(): Promise<StepResult> {
    const lease = await this.lease.ensure();
    if (!lease.held) {
      this.checkpoint = undefined;
      this.cache.clear();
      return { kind: 'standby' };
    }
    if (lease.fresh || !this.checkpoint) await this.loadCheckpoint();
    const checkpoint = this.checkpoint!;
    if (checkpoint.paused) return this.resumeIfSkipped(checkpoint, checkpoint.paused);

    const read = await this.reader.read(checkpoint.position + 1);
    if (read.kind === 'unreadable')
      return this.stopAt(checkpoint, pausedAtUnreadable(read.position, read.error));
    const { page } = read;
    if (page.commits.length === 0) {
      if (this.live && checkpoint.liveFrom === undefined) {
        this.assertLease();
        await this.store.updateCheckpoint(this.build, this.storedPosition, {
          position: checkpoint.position,
          liveFrom: checkpoint.position,
        });
        this.stored(checkpoint.position);
        this.checkpoint = { ...checkpoint, liveFrom: checkpoint.position };
      }
      return { kind: 'progress', position: checkpoint.position, events: 0, caughtUp: true };
    }
    const outcome = await applyPage(
      {
        definition: this.definition,
        build: this.build,
        store: this.store,
        checkpoint,
        storedPosition: this.storedPosition,
        persist: () => Date.now() - this.storedAt >= this.checkpointIntervalMs,
        cache: this.cache,
        beforeWrite: () => this.assertLease(),
        live: this.live,
        skipped: this.skipped,
        logger: this.logger,
      },
      page,
    );
    if (outcome.kind === 'failed') {
      this.cache.clear(); // evolve may have thrown half way through a cached document
      const paused = pausedAtEvent(outcome.event, outcome.error);
      if (await this.store.findSkip(this.build.name, pauseRefs(paused))) {
        this.skipped.add(outcome.event.eventId);
        return { kind: 'again' };
      }
      return this.stopAt(checkpoint, paused);
    }
    this.checkpoint = outcome.checkpoint;
    if (outcome.persisted) this.stored(outcome.checkpoint.position);
    this.observe(page.commits, outcome.events);
    this.options.onApplied?.({
      projection: this.build.name,
      version: this.build.version,
      commits: page.commits,
      appliedAt: new Date(),
    });
    this.options.onProgress?.({
      position: outcome.checkpoint.position,
      events: outcome.events,
      eventsRead: page.events.length,
      caughtUp: page.isEnd,
    });
    return {
      kind: 'progress',
      position: outcome.checkpoint.position,
      events: outcome.events,
      caughtUp: page.isEnd,
    };
  }

  private get live(): boolean {
    return (this.options.mode ?? 'live') === 'live';
  }

  private async loadCheckpoint(): Promise<void> {
    const checkpoint =
      (await this.store.readCheckpoint(this.build)) ?? (await this.store.createCheckpoint(this.build));
    this.cache.clear();
    this.checkpoint = checkpoint;
    this.stored(checkpoint.position);
    this.options.metrics?.paused.set(this.labels, checkpoint.paused ? 1 : 0);
  }

  /** Records the pause, raises the alert (log line and metric). */
  private async stopAt(checkpoint: BuildCheckpoint, paused: PausedAt): Promise<StepResult> {
    if (paused.unreadable && (await this.store.findSkip(this.build.name, pauseRefs(paused))))
      return this.passUnreadable(checkpoint, paused);
    this.assertLease();
    await this.store.updateCheckpoint(this.build, this.storedPosition, {
      position: checkpoint.position,
      committedAt: checkpoint.committedAt,
      paused,
    });
    this.stored(checkpoint.position);
    this.checkpoint = { ...checkpoint, paused };
    this.options.metrics?.paused.set(this.labels, 1);
    this.logger.error(
      `projection ${buildKey(this.build)} PAUSED at ${paused.unreadable ? 'unreadable commit' : 'event'} ` +
        `${paused.ref} (position ${paused.position}${paused.type ? `, ${paused.type}` : ''}): ${paused.error}. ` +
        `Fix it and restart, or decide: switchyard projections skip ${this.build.name} --event ${paused.ref}`,
    );
    return { kind: 'paused', paused };
  }

  private async resumeIfSkipped(checkpoint: BuildCheckpoint, paused: PausedAt): Promise<StepResult> {
    const skip = await this.store.findSkip(this.build.name, pauseRefs(paused));
    if (!skip) return { kind: 'paused', paused };
    if (paused.unreadable) return this.passUnreadable(checkpoint, paused);
    this.skipped.add(paused.eventId!);
    this.assertLease();
    await this.store.updateCheckpoint(this.build, this.storedPosition, {
      position: checkpoint.position,
      paused: null,
    });
    this.stored(checkpoint.position);
    const { paused: _, ...rest } = checkpoint;
    this.checkpoint = rest;
    this.options.metrics?.paused.set(this.labels, 0);
    this.logger.warn(`projection ${buildKey(this.build)} skips event ${paused.ref} as decided, and goes on`);
    return { kind: 'again' };
  }

  /** An operator skipped a commit nobody can read: the checkpoint passes it, its documents untouched. */
  private async passUnreadable(checkpoint: BuildCheckpoint, paused: PausedAt): Promise<StepResult> {
    this.assertLease();
    await this.store.updateCheckpoint(this.build, this.storedPosition, {
      position: paused.position,
      paused: null,
    });
    this.stored(paused.position);
    const { paused: _, ...rest } = checkpoint;
    this.checkpoint = { ...rest, position: paused.position };
    this.options.metrics?.paused.set(this.labels, 0);
    this.logger.warn(
      `projection ${buildKey(this.build)} skips the unreadable commit at position ${paused.position} ` +
        `(${paused.ref}) as decided, with all its events, and goes on`,
    );
    return { kind: 'again' };
  }

  /** @throws ProjectionLeaseLostError when the term may have ended (see `HeldLease.validFor`) */
  private assertLease(): void {
    if (!this.lease.validFor(this.writeMargin)) throw new ProjectionLeaseLostError(buildKey(this.build));
  }

  private stored(position: number): void {
    this.storedPosition = position;
    this.storedAt = Date.now();
  }

  /** Stores the checkpoint when the one stored lags behind (before idling, stopping, handing over). */
  private async flush(): Promise<void> {
    const checkpoint = this.checkpoint;
    if (!checkpoint || !this.lease.held || this.storedPosition >= checkpoint.position) return;
    this.assertLease();
    await this.store.updateCheckpoint(this.build, this.storedPosition, {
      position: checkpoint.position,
      committedAt: checkpoint.committedAt,
    });
    this.stored(checkpoint.position);
  }

  /** After a failed round or a conflict: nothing cached can be trusted; ask the lease again. */
  private forget(): void {
    this.checkpoint = undefined;
    this.cache.clear();
    this.lease.recheck();
  }

  private get labels(): { projection: string; version: string } {
    return { projection: this.build.name, version: String(this.build.version) };
  }

  private observe(commits: readonly { committedAt: Date }[], events: number): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    metrics.position.set(this.labels, this.checkpoint!.position);
    metrics.events.inc(this.labels, events);
    if (!this.live) return;
    const now = Date.now();
    for (const c of commits)
      metrics.lag.observe({ projection: this.build.name }, Math.max(0, now - c.committedAt.getTime()) / 1000);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let result: StepResult | undefined;
      try {
        result = await this.step();
        this.failures = 0;
      } catch (err) {
        this.failures++;
        this.forget();
        const message = (err as Error)?.message ?? String(err);
        if (isProjectionWriteConflictError(err) || isProjectionLeaseLostError(err)) this.logger.warn(message);
        else this.logger.error(`projection ${buildKey(this.build)}: round failed (${message}); retrying`);
      }
      if (this.finishAt !== undefined && this.finished(result)) break;
      if (result?.kind === 'again') continue;
      if (result?.kind === 'progress' && !result.caughtUp) continue;
      if (this.woken && result?.kind === 'progress') continue;
      const wait = this.waitAfter(result);
      if (wait >= this.pollMs) await this.flush().catch(() => this.forget());
      await this.sleep(wait);
    }
  }

  /**
   * How long to sleep after a round: the poll interval when caught up; but a wake may name a position
   * the store does not show yet (the relay publishes before it stamps the position), so while the
   * checkpoint is short of it, look again after a few ms (doubling, up to the poll interval).
   */
  private waitAfter(result: StepResult | undefined): number {
    if (result === undefined) return Math.min(5_000, 100 * 2 ** Math.min(this.failures, 6));
    if (result.kind === 'standby') return this.options.leaseRenewMs ?? DEFAULT_PROJECTION_LEASE_RENEW_MS;
    if (result.kind === 'progress' && result.position < this.wanted) {
      const wait = this.lookAgainMs;
      this.lookAgainMs = Math.min(this.pollMs, this.lookAgainMs * 2);
      return Math.min(wait, this.pollMs);
    }
    this.lookAgainMs = LOOK_AGAIN_MIN_MS;
    return this.pollMs;
  }

  private finished(result: StepResult | undefined): boolean {
    if (!result || result.kind === 'again') return false;
    if (result.kind !== 'progress') return true;
    return result.position >= this.finishAt!;
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.sleeper = () => {
        this.sleeper = undefined;
        done();
      };
    });
  }
}

/** First wait before looking again for a position a wake named but the store does not show yet. */
const LOOK_AGAIN_MIN_MS = 2;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
