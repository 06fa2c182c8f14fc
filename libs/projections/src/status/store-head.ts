import type { ProjectionEventSource } from '../runner/page-reader';
import { isUnreadableEventError } from '../runner/page-reader';

const FIRST_PAGE = 1_000;

async function visible(events: ProjectionEventSource, position: number): Promise<boolean> {
  try {
    return (await events.readAll({ fromPosition: position, limit: 1 })).commits.length > 0;
  } catch (err) {
    if (isUnreadableEventError(err)) return true; // there, just not readable
    throw err;
  }
}

/**
 * The store's last visible position, found from a known one: one page when it is close, else probes of
 * single positions, doubling then bisecting (positions are dense), so a head millions of commits away
 * costs a few dozen look-ups by bucket.
 */
export async function readStoreHead(events: ProjectionEventSource, known = 0): Promise<number> {
  let lo = known;
  try {
    const first = await events.readAll({ fromPosition: known + 1, limit: FIRST_PAGE });
    if (first.isEnd) return first.nextPosition - 1;
    lo = first.nextPosition - 1;
  } catch (err) {
    if (!isUnreadableEventError(err)) throw err;
  }
  let step = FIRST_PAGE;
  let hi = lo + step;
  while (await visible(events, hi)) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await visible(events, mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** When the first commit after `position` was committed (how far behind a build is, in time). */
export async function committedAfter(
  events: ProjectionEventSource,
  position: number,
): Promise<Date | undefined> {
  try {
    return (await events.readAll({ fromPosition: position + 1, limit: 1 })).commits[0]?.committedAt;
  } catch (err) {
    if (isUnreadableEventError(err)) return undefined;
    throw err;
  }
}
