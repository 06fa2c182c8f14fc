import type { ArchivedHistoryMode, ReadAllRecordsResult } from '../archive/archive.types';
import type { EventStore } from '../event-store';

/**
 * `readAllRecords` pages from `from` up to `to` (inclusive) or the end, each page cut to `to`, the next
 * read under way while the caller handles a page. When `stop()` says so after a page, that page is the
 * last one (a page read ahead meanwhile is dropped).
 */
export async function* recordPages(
  store: Pick<EventStore, 'readAllRecords'>,
  options: {
    readonly from: number;
    readonly to: number;
    readonly pageSize: number;
    readonly archived: ArchivedHistoryMode;
    readonly stop?: () => boolean;
  },
): AsyncGenerator<ReadAllRecordsResult> {
  const { to } = options;
  const read = (fromPosition: number) => {
    const page = store.readAllRecords({
      fromPosition,
      limit: Math.min(options.pageSize, Math.max(1, to - fromPosition + 1)),
      archived: options.archived,
    });
    // Awaited on the next round; this only keeps it from being unhandled if the caller stops on an error.
    page.catch(() => undefined);
    return page;
  };
  let pending = options.from <= to ? read(options.from) : undefined;
  while (pending) {
    const page = await pending;
    pending = undefined;
    const commits = page.commits.filter((c) => c.position <= to);
    const end = page.isEnd || page.nextPosition > to || commits.length < page.commits.length;
    if (!end && !options.stop?.()) pending = read(page.nextPosition);
    yield { ...page, commits, nextPosition: Math.min(page.nextPosition, to + 1), isEnd: end };
    // Stopped while the caller handled that page: the page read meanwhile is dropped.
    if (options.stop?.()) return;
  }
}
