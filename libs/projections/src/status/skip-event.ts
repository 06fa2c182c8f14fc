import type { ProjectionDefinition } from '../definition/projection-definition';
import { ProjectionNotPausedError } from '../errors/projection-not-paused.error';
import { buildOf } from '../store/build-ref';
import type { ProjectionStore } from '../store/projection-store';
import type { BuildCheckpoint, SkipRecord } from '../store/projection-store.types';
import { pauseRefs } from '../runner/paused-at';

/**
 * Records the operator's decision to go past the event a projection is paused at (its live version or a
 * rebuild's); the paused runner reads it within a poll interval and goes on. `ref` is what the status
 * names: the event id, or for a commit that cannot be read, its commit id or `@<position>`.
 * @throws ProjectionNotPausedError when no build of the projection is paused at `ref`
 */
export async function skipEvent(
  definition: ProjectionDefinition,
  store: ProjectionStore,
  ref: string,
): Promise<SkipRecord> {
  const pointer = await store.readPointer(definition.name);
  const rebuild = await store.readRebuild(definition.name);
  const versions = [
    ...new Set([pointer?.version, rebuild?.state === 'building' ? rebuild.targetVersion : undefined]),
  ].filter((v): v is number => v !== undefined);
  const paused = (
    await Promise.all(versions.map((v) => store.readCheckpoint(buildOf(definition, v))))
  ).filter((cp): cp is BuildCheckpoint & Required<Pick<BuildCheckpoint, 'paused'>> => !!cp?.paused);
  const match = paused.find((cp) => pauseRefs(cp.paused).includes(ref));
  if (!match)
    throw new ProjectionNotPausedError(
      definition.name,
      ref,
      paused.map((cp) => cp.paused.ref),
    );
  const p = match.paused;
  const record: SkipRecord = {
    name: definition.name,
    ref,
    position: p.position,
    ...(p.eventId ? { eventId: p.eventId } : {}),
    ...(p.commitId ? { commitId: p.commitId } : {}),
    wholeCommit: p.unreadable,
    error: p.error,
    skippedAt: new Date(),
  };
  await store.recordSkip(record);
  return (await store.findSkip(definition.name, [ref])) ?? record;
}
