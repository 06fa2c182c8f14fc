import type { EventRegistry } from '@switchyard/contracts';
import type { EventEnvelope } from '../event-store.types';
import { HistoryArchivedError } from '../errors/history-archived.error';
import { isArchiveMarker, toArchiveMarker } from './archive-marker';
import { toEnvelopes, type CommitDocument } from './commit-document';

/**
 * The events of a stream read, from its commit documents in read order (ascending revisions forwards,
 * descending backwards), cut to `[from, …)` or `(…, from]` and to `limit`. An archive marker met before
 * the page is full throws `HistoryArchivedError`: a read never returns a page with a silent gap, and never
 * a short page (which a reader takes for the stream's end) in front of archived events.
 */
export function streamPage(
  docs: readonly CommitDocument[],
  registry: EventRegistry,
  from: number | undefined,
  limit: number,
  backwards: boolean,
): EventEnvelope[] {
  const page: EventEnvelope[] = [];
  for (const doc of docs) {
    if (page.length >= limit) break;
    if (isArchiveMarker(doc)) {
      const reached = backwards
        ? from === undefined || doc.revision <= from
        : doc.lastRevision >= (from ?? 0);
      if (reached) throw new HistoryArchivedError(toArchiveMarker(doc));
      continue;
    }
    const events = toEnvelopes(doc, registry);
    if (backwards) {
      for (let i = events.length - 1; i >= 0; i--) {
        if (from === undefined || events[i]!.revision <= from) page.push(events[i]!);
      }
    } else {
      for (const e of events) if (e.revision >= (from ?? 0)) page.push(e);
    }
  }
  return page.slice(0, limit);
}
