import { DEFAULT_COMMITS_COLLECTION } from '@switchyard/event-store';
import type { Db } from 'mongodb';
import type { StoredEvent } from './demo-observation';

/** A commit document as the demo reads it (the event store's `CommitDocument`, the fields it needs). */
interface CommitRow {
  readonly _id: string;
  readonly stream: string;
  readonly committedAt: Date;
  readonly dispatched: boolean;
  readonly events: readonly { eventId: string; type: string; data: string }[];
}

/** Commits not yet marked dispatched by the outbox relay (an equality look-up). */
export function countUndispatched(db: Db): Promise<number> {
  return db.collection(DEFAULT_COMMITS_COLLECTION).countDocuments({ dispatched: false });
}

/** Every event in the store, with its order id and commit time, and how many commits hold them. */
export async function readStoredEvents(db: Db): Promise<{ events: StoredEvent[]; commits: number }> {
  const rows = await db.collection<CommitRow>(DEFAULT_COMMITS_COLLECTION).find({}).toArray();
  const events: StoredEvent[] = [];
  for (const c of rows) {
    for (const e of c.events) {
      const data = JSON.parse(e.data) as Record<string, unknown>;
      events.push({
        eventId: e.eventId,
        type: e.type,
        stream: c.stream,
        orderId: typeof data.orderId === 'string' ? data.orderId : undefined,
        committedAt: new Date(c.committedAt).getTime(),
        data,
      });
    }
  }
  return { events, commits: rows.length };
}
