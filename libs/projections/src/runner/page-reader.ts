import { isUnknownEventTypeError, isUnknownEventVersionError } from '@switchyard/contracts';
import { isStoredEventCorruptError, type EventStore, type ReadAllResult } from '@switchyard/event-store';

/** What a projection reads from the event store: pages by global position. */
export type ProjectionEventSource = Pick<EventStore, 'readAll'>;

/** Errors of `readAll` that mean a stored commit cannot be read (not a passing database error). */
export function isUnreadableEventError(err: unknown): boolean {
  return isStoredEventCorruptError(err) || isUnknownEventTypeError(err) || isUnknownEventVersionError(err);
}

/** A page, or the one commit that cannot be read. */
export type PageRead =
  | { readonly kind: 'page'; readonly page: ReadAllResult }
  | { readonly kind: 'unreadable'; readonly position: number; readonly error: unknown };

/**
 * Reads pages of `pageSize` commits; when a page cannot be decoded it halves the page until it finds the
 * one commit at fault (`unreadable`, at its position), reading and applying the good commits before it,
 * then grows back.
 */
export class PageReader {
  private limit: number;

  constructor(
    private readonly source: ProjectionEventSource,
    private readonly pageSize: number,
    private readonly isUnreadable: (err: unknown) => boolean = isUnreadableEventError,
  ) {
    this.limit = pageSize;
  }

  async read(fromPosition: number): Promise<PageRead> {
    for (;;) {
      try {
        const page = await this.source.readAll({ fromPosition, limit: this.limit });
        this.limit = Math.min(this.pageSize, this.limit * 2);
        return { kind: 'page', page };
      } catch (err) {
        if (!this.isUnreadable(err)) throw err;
        if (this.limit === 1) return { kind: 'unreadable', position: fromPosition, error: err };
        this.limit = Math.max(1, Math.floor(this.limit / 2));
      }
    }
  }
}
