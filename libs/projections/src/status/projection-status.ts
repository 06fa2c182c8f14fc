import type { ProjectionDefinition } from '../definition/projection-definition';
import { buildOf } from '../store/build-ref';
import type { ProjectionStore } from '../store/projection-store';
import type { PausedAt, RebuildRecord } from '../store/projection-store.types';
import type { ProjectionEventSource } from '../runner/page-reader';
import { committedAfter, readStoreHead } from './store-head';

/** Where one build stands. */
export interface BuildStatus {
  readonly version: number;
  readonly collection: string;
  /** Last position applied (0: nothing yet). */
  readonly position: number;
  /** Commits between it and the store's head. */
  readonly lagEvents: number;
  /** How long ago the first commit it has not applied was committed (0 when caught up). */
  readonly lagSeconds: number;
  /** Side effects fire past this position; undefined: still catching up for the first time. */
  readonly liveFrom?: number;
  readonly paused?: PausedAt;
  readonly updatedAt?: Date;
}

/** A projection's status: `switchyard projections status` prints it, an API can return it. */
export interface ProjectionStatus {
  readonly name: string;
  /** The version the code declares. */
  readonly definitionVersion: number;
  /** `not-started` (no pointer), `paused`, `catching-up` (behind by more than a page), or `live`. */
  readonly state: 'not-started' | 'paused' | 'catching-up' | 'live';
  /** The version the query side reads. */
  readonly live?: BuildStatus;
  readonly head: number;
  /** The last rebuild, with its build's progress while it is not done. */
  readonly rebuild?: RebuildRecord & { readonly build?: BuildStatus };
}

/** How far behind a build may be and still count as `live`, in commits. */
const LIVE_LAG = 100;

/** The status of each projection (reads the pointers, checkpoints and rebuild records, and the head). */
export async function projectionStatus(
  definitions: readonly ProjectionDefinition[],
  store: ProjectionStore,
  events: ProjectionEventSource,
  now: () => number = Date.now,
): Promise<ProjectionStatus[]> {
  const known = await Promise.all(
    definitions.map(async (definition) => {
      const pointer = await store.readPointer(definition.name);
      const checkpoint = pointer
        ? await store.readCheckpoint(buildOf(definition, pointer.version))
        : undefined;
      return { definition, pointer, checkpoint };
    }),
  );
  const head = await readStoreHead(events, Math.max(0, ...known.map((k) => k.checkpoint?.position ?? 0)));
  const buildStatus = async (definition: ProjectionDefinition, version: number) => {
    const build = buildOf(definition, version);
    const checkpoint = await store.readCheckpoint(build);
    const position = checkpoint?.position ?? 0;
    const firstBehind = position < head ? await committedAfter(events, position) : undefined;
    const status: BuildStatus = {
      version,
      collection: `${definition.collection}_v${version}`,
      position,
      lagEvents: Math.max(0, head - position),
      lagSeconds: firstBehind ? Math.max(0, (now() - firstBehind.getTime()) / 1000) : 0,
      ...(checkpoint?.liveFrom === undefined ? {} : { liveFrom: checkpoint.liveFrom }),
      ...(checkpoint?.paused ? { paused: checkpoint.paused } : {}),
      ...(checkpoint ? { updatedAt: checkpoint.updatedAt } : {}),
    };
    return status;
  };
  return Promise.all(
    known.map(async ({ definition, pointer }): Promise<ProjectionStatus> => {
      const record = await store.readRebuild(definition.name);
      const rebuild = record
        ? {
            ...record,
            ...(record.state === 'building'
              ? { build: await buildStatus(definition, record.targetVersion) }
              : {}),
          }
        : undefined;
      if (!pointer)
        return {
          name: definition.name,
          definitionVersion: definition.version,
          state: 'not-started',
          head,
          ...(rebuild ? { rebuild } : {}),
        };
      const live = await buildStatus(definition, pointer.version);
      return {
        name: definition.name,
        definitionVersion: definition.version,
        state: live.paused ? 'paused' : live.lagEvents > LIVE_LAG ? 'catching-up' : 'live',
        live,
        head,
        ...(rebuild ? { rebuild } : {}),
      };
    }),
  );
}
