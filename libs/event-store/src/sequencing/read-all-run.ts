import type { ArchivedHistoryMode, ArchiveMarker } from '../archive/archive.types';
import { HistoryArchivedError } from '../errors/history-archived.error';

/** What a read-all page needs of the storage (the MongoDB store and the in-memory one implement it). */
export interface ReadAllPort<C extends { readonly position: number }> {
  /** The sequenced commits with a position in `[from, from + count)` (others found are ignored). */
  commitsIn(from: number, count: number): Promise<readonly C[]>;
  /**
   * The marker of the archived run that held position `p`, when its commit was archived; `undefined` when
   * `p` is not claimed (the end) or its commit is there but not stamped yet (a reader waits at it).
   */
  archivedAt(position: number): Promise<ArchiveMarker | undefined>;
  /** Of these positions (holes of one window, ascending), the ones whose commits were archived. */
  archivedAmong(positions: readonly number[]): Promise<ReadonlySet<number>>;
}

/** A read-all page before decoding. */
export interface ReadAllRun<C> {
  readonly commits: C[];
  readonly nextPosition: number;
  readonly isEnd: boolean;
  readonly archivedSkipped: number;
}

/**
 * The readers' rule with archived history: the run of consecutive visible positions from `from`, in
 * order, up to `limit` commits. At a hole it asks what the hole is:
 * - not claimed, or claimed by a commit not stamped yet: the page ends there (`isEnd` when short), so a
 *   checkpoint never moves past a commit that becomes visible later (as {@link densePage});
 * - archived: with `'throw'`, a page that has commits ends before it (`isEnd: false`, so the reader reads
 *   again) and a page that starts at it throws `HistoryArchivedError`; with `'skip'`, the page steps over
 *   every archived position (counted in `archivedSkipped`) and reads on, window after window.
 * An archived position therefore never looks "not visible yet", which would stall every reader there.
 * Costs nothing more than before while no hole is met; at the end of the store one claim look-up.
 */
export async function readAllRun<C extends { readonly position: number }>(
  port: ReadAllPort<C>,
  from: number,
  limit: number,
  mode: ArchivedHistoryMode,
): Promise<ReadAllRun<C>> {
  const page: C[] = [];
  let skipped = 0;
  let windowStart = from;
  const result = (next: number, isEnd = page.length < limit): ReadAllRun<C> => ({
    commits: page,
    nextPosition: next,
    isEnd,
    archivedSkipped: skipped,
  });
  for (;;) {
    const end = windowStart + limit;
    const byPosition = new Map<number, C>();
    for (const c of await port.commitsIn(windowStart, limit)) {
      if (c.position >= windowStart && c.position < end) byPosition.set(c.position, c);
    }
    let archived: ReadonlySet<number> | undefined;
    let p = windowStart;
    while (p < end) {
      if (page.length >= limit) return result(p);
      const c = byPosition.get(p);
      if (c) {
        page.push(c);
        p++;
        continue;
      }
      if (!archived) {
        const marker = await port.archivedAt(p);
        if (!marker) return result(p);
        if (mode !== 'skip') {
          if (page.length > 0) return result(p, false);
          throw new HistoryArchivedError(marker, p);
        }
        const holes: number[] = [];
        for (let h = p; h < end; h++) if (!byPosition.has(h)) holes.push(h);
        archived = await port.archivedAmong(holes);
      }
      if (!archived.has(p)) return result(p);
      skipped++;
      p++;
    }
    if (page.length >= limit) return result(p);
    windowStart = p;
  }
}
