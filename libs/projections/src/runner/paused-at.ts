import type { ProjectionEvent } from '../definition/projection-definition';
import type { PausedAt } from '../store/projection-store.types';

function describe(err: unknown): { error: string; errorName?: string } {
  if (err instanceof Error) return { error: err.message, errorName: err.name };
  return { error: String(err) };
}

/** The pause of an event whose `documentIds` or `evolve` threw. */
export function pausedAtEvent(event: ProjectionEvent, err: unknown): PausedAt {
  return {
    ref: event.eventId,
    position: event.position,
    eventId: event.eventId,
    indexInCommit: event.indexInCommit,
    type: event.type,
    unreadable: false,
    ...describe(err),
    at: new Date(),
  };
}

/** The pause of a commit `readAll` cannot decode (ids from the error when it names them). */
export function pausedAtUnreadable(position: number, err: unknown): PausedAt {
  const ids = (err ?? {}) as { eventId?: unknown; commitId?: unknown };
  const eventId = typeof ids.eventId === 'string' ? ids.eventId : undefined;
  const commitId = typeof ids.commitId === 'string' ? ids.commitId : undefined;
  return {
    ref: eventId ?? commitId ?? `@${position}`,
    position,
    ...(eventId ? { eventId } : {}),
    ...(commitId ? { commitId } : {}),
    unreadable: true,
    ...describe(err),
    at: new Date(),
  };
}

/** Every id a skip of this pause may have been recorded under. */
export function pauseRefs(paused: PausedAt): string[] {
  return [
    ...new Set(
      [paused.ref, paused.eventId, paused.commitId, `@${paused.position}`].filter(
        (r): r is string => typeof r === 'string',
      ),
    ),
  ];
}
