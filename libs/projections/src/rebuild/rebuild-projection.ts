import type { ProjectionDefinition } from '../definition/projection-definition';
import { InvalidRebuildError } from '../errors/invalid-rebuild.error';
import { ProjectionPausedError } from '../errors/projection-paused.error';
import { RebuildBusyError } from '../errors/rebuild-busy.error';
import {
  DEFAULT_DROP_WAIT_MS,
  DEFAULT_PROJECTION_LEASE_RENEW_MS,
  DEFAULT_PROJECTION_LEASE_TTL_MS,
  DEFAULT_REBUILD_PAGE_SIZE,
} from '../projections.constants';
import { buildKey, buildOf, rebuildLeaseKey } from '../store/build-ref';
import type { ProjectionStore } from '../store/projection-store';
import type { BuildRef, RebuildRecord } from '../store/projection-store.types';
import type { ProjectionEventSource } from '../runner/page-reader';
import { defaultProjectionLogger, type ProjectionLogger } from '../runner/projection-logger';
import { ProjectionRunner } from '../runner/projection-runner';
import type { ProjectionTuning } from '../runner/projection-runner.options';
import { readStoreHead } from '../status/store-head';
import type { RebuildProgress, RebuildResult } from './rebuild-progress';

/** Options of {@link rebuildProjection}. */
export interface RebuildOptions {
  readonly definition: ProjectionDefinition;
  readonly store: ProjectionStore;
  readonly events: ProjectionEventSource;
  readonly holder: string;
  /** The version to build. @default the live version + 1, or the definition's when higher */
  readonly version?: number;
  readonly tuning?: ProjectionTuning & { readonly dropWaitMs?: number };
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly logger?: ProjectionLogger;
  readonly signal?: AbortSignal;
}

/**
 * Blue/green: builds the next version of a projection into its own collection from position 1 while the
 * live version keeps serving and updating, then, caught up, moves the pointer to it in one write and only
 * after that drops the old version. One rebuild per projection at a time (a lease); run it again after a
 * crash and it resumes from its own checkpoint (or, already switched, just finishes the drop). Side
 * effects never run in it: the live version keeps firing them up to the switch position, the new one after.
 * @throws InvalidRebuildError, RebuildBusyError, ProjectionPausedError (an event it cannot apply:
 *   `projections skip`, then run it again)
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const { definition, store } = options;
  const name = definition.name;
  const ttl = options.tuning?.leaseTtlMs ?? DEFAULT_PROJECTION_LEASE_TTL_MS;
  const renewMs = options.tuning?.leaseRenewMs ?? DEFAULT_PROJECTION_LEASE_RENEW_MS;
  const logger = options.logger ?? defaultProjectionLogger();
  await store.ensureIndexes();
  const pointer = await store.readPointer(name);
  if (!pointer)
    throw new InvalidRebuildError(name, 'it has no live version yet (the projections worker creates it)');

  const guard = store.lease(rebuildLeaseKey(name), options.holder, ttl);
  // A rebuild killed a moment ago still holds the lease until its TTL: wait that long, no longer (a
  // running one renews it and keeps it)
  const busyUntil = Date.now() + ttl + renewMs;
  while (!(await guard.tryAcquire())) {
    if (Date.now() >= busyUntil) throw new RebuildBusyError(name);
    await new Promise((r) => setTimeout(r, Math.min(250, renewMs)));
  }
  const renewal = setInterval(() => void guard.tryAcquire().catch(() => undefined), renewMs);
  try {
    const record = await startOrResume(options, pointer.version);
    const target: BuildRef = buildOf(definition, record.targetVersion);
    const started = Date.now();
    let events = 0;
    let resumedFrom = 0;
    let switchPosition = record.switchPosition ?? 0;
    if (record.state === 'building') {
      logger.log(`rebuild ${name}: building version ${target.version} (side effects suppressed)`);
      resumedFrom = (await store.readCheckpoint(target))?.position ?? 0;
      let head = await readStoreHead(options.events, resumedFrom);
      let headAt = Date.now();
      const runner = new ProjectionRunner({
        pageSize: DEFAULT_REBUILD_PAGE_SIZE,
        ...options.tuning,
        definition,
        version: target.version,
        store,
        events: options.events,
        holder: options.holder,
        mode: 'rebuild',
        logger,
        onProgress: (p) => {
          events += p.eventsRead;
          if (p.position > head || Date.now() - headAt > 5_000) {
            head = Math.max(head, p.position);
            headAt = Date.now();
            void readStoreHead(options.events, head).then(
              (h) => (head = Math.max(head, h)),
              () => undefined,
            );
          }
          const seconds = (Date.now() - started) / 1000;
          const rate = seconds > 0 ? events / seconds : 0;
          const perEvent = p.position > resumedFrom ? events / (p.position - resumedFrom) : 1;
          options.onProgress?.({
            projection: name,
            version: target.version,
            position: p.position,
            head,
            events,
            eventsPerSecond: rate,
            etaSeconds: rate > 0 ? ((head - p.position) * perEvent) / rate : undefined,
          });
        },
      });
      try {
        const end = await runner.catchUp({ signal: options.signal });
        if (end.kind === 'paused') throw new ProjectionPausedError(name, target.version, end.paused);
        switchPosition = runner.position ?? 0;
        // The new version fires side effects past this point; the old one fires them up to it.
        await store.updateCheckpoint(target, switchPosition, { liveFrom: switchPosition });
        if (!(await store.switchPointer(name, record.fromVersion, target, switchPosition)))
          throw new InvalidRebuildError(name, `its pointer is no longer at version ${record.fromVersion}`);
        await store.updateRebuild(name, target.version, {
          state: 'switched',
          switchedAt: new Date(),
          switchPosition,
        });
        logger.log(`rebuild ${name}: switched to version ${target.version} at position ${switchPosition}`);
      } finally {
        await runner.stop();
      }
    }
    const dropped = await dropOld(options, record, switchPosition, ttl, renewMs, logger);
    return {
      projection: name,
      fromVersion: record.fromVersion,
      toVersion: target.version,
      switchPosition,
      resumedFrom,
      events,
      seconds: (Date.now() - started) / 1000,
      droppedOld: dropped.dropped,
      ...(dropped.note ? { note: dropped.note } : {}),
      sideEffectsSuppressed: true,
    };
  } finally {
    clearInterval(renewal);
    await guard.release().catch(() => undefined);
  }
}

/** The rebuild under way (resumed), or a new one recorded. */
async function startOrResume(options: RebuildOptions, liveVersion: number): Promise<RebuildRecord> {
  const { definition, store } = options;
  const name = definition.name;
  const current = await store.readRebuild(name);
  if (current && current.state !== 'done') {
    if (options.version !== undefined && options.version !== current.targetVersion)
      throw new InvalidRebuildError(
        name,
        `the rebuild to version ${current.targetVersion} is not finished; run it again without --version`,
      );
    return current;
  }
  const version = options.version ?? Math.max(liveVersion + 1, definition.version);
  if (!Number.isInteger(version) || version <= liveVersion)
    throw new InvalidRebuildError(name, `version ${version} is not above the live version ${liveVersion}`);
  const record: RebuildRecord = {
    name,
    fromVersion: liveVersion,
    targetVersion: version,
    state: 'building',
    holder: options.holder,
    startedAt: new Date(),
  };
  // A leftover build of that version (an abandoned rebuild) would be resumed as if it were ours.
  await store.dropBuild(buildOf(definition, version));
  if (!(await store.startRebuild(record)))
    throw new InvalidRebuildError(name, 'another rebuild was recorded meanwhile');
  return record;
}

/**
 * After the switch: waits for the old version's lease (the live runners hand it over once they reach the
 * switch position), lets it finish up to there when it has side effects to fire, then drops it.
 */
async function dropOld(
  options: RebuildOptions,
  record: RebuildRecord,
  switchPosition: number,
  ttl: number,
  renewMs: number,
  logger: ProjectionLogger,
): Promise<{ dropped: boolean; note?: string }> {
  const { definition, store } = options;
  const old = buildOf(definition, record.fromVersion);
  const lease = store.lease(buildKey(old), options.holder, ttl);
  const deadline = Date.now() + (options.tuning?.dropWaitMs ?? DEFAULT_DROP_WAIT_MS);
  while (!(await lease.tryAcquire())) {
    if (Date.now() >= deadline) {
      const note = `version ${old.version} is still held by another process; run the rebuild again to drop it`;
      await store.updateRebuild(definition.name, record.targetVersion, { note });
      return { dropped: false, note };
    }
    await new Promise((r) => setTimeout(r, Math.min(renewMs, 500)));
  }
  try {
    const checkpoint = await store.readCheckpoint(old);
    if (definition.sideEffects && checkpoint && !checkpoint.paused && checkpoint.position < switchPosition) {
      const runner = new ProjectionRunner({
        ...options.tuning,
        definition,
        version: old.version,
        store,
        events: options.events,
        holder: options.holder,
        mode: 'live',
        logger,
        leaseTtlMs: ttl,
        leaseRenewMs: renewMs,
      });
      try {
        const end = await runner.catchUp({ until: switchPosition });
        if (end.kind === 'paused')
          logger.warn(`rebuild ${definition.name}: version ${old.version} paused before the switch position`);
      } finally {
        await runner.stop();
      }
    }
    await store.dropBuild(old);
    await store.updateRebuild(definition.name, record.targetVersion, {
      state: 'done',
      finishedAt: new Date(),
    });
    logger.log(`rebuild ${definition.name}: dropped version ${old.version}`);
    return { dropped: true };
  } finally {
    await lease.release().catch(() => undefined);
  }
}
