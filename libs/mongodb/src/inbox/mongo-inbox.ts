import { Collection, MongoBulkWriteError, type Db, type Document } from 'mongodb';
import {
  DEFAULT_INBOX_COLLECTION,
  type Inbox,
  type InboxEffectDocument,
  type InboxRecord,
} from '@switchyard/messaging';
import { DUPLICATE_KEY_CODE, isDuplicateKeyError } from '../duplicate-key';
import { Batcher } from './batcher';

/** The inbox record's `_id`: one per consumer and message id (consumer names have no `|`). */
export function inboxRecordId(consumer: string, messageId: string): string {
  return `${consumer}|${messageId}`;
}

type StoredRecord = InboxRecord & { readonly _id: string };
type RecordOutcome = 'recorded' | 'duplicate' | { readonly error: unknown };

/**
 * Under load, a batch waits 1 ms for more deliveries (measured with `npm run bench -- messaging`: at
 * prefetch 16 batches grow from about 4 to 9 and throughput by a quarter); idle deliveries never wait.
 */
const BATCHING = { maxBatch: 256, lingerMs: 1, busyGapMs: 5 } as const;

/** The unique `{consumer, messageId}` index of inboxes written before records were keyed by `_id`. */
const LEGACY_INDEX = 'consumer_message';

/**
 * The inbox in MongoDB (or FerretDB): one document per processed message, keyed by
 * {@link inboxRecordId}, so "already processed" is the `_id` index alone: an insert that hits it (11000)
 * is a duplicate. No transactions, no upserts: works on both.
 *
 * Look-ups and records are batched: the look-ups of the deliveries that arrive together (a prefetch
 * window, across every consumer of the process) are one `find` by `_id` `$in`, and the records of
 * handlers that finish together one unordered `insertMany`; each caller still gets its own answer, and
 * the consumer acks a message only after its record is written. An inbox written before records were
 * keyed by `_id` (it has the `consumer_message` index) is also searched by `{consumer, messageId}`.
 */
export class MongoInbox implements Inbox {
  private readonly collection: Collection<StoredRecord>;
  private readonly indexed = new Map<string, Promise<unknown>>();
  private readonly lookups = new Batcher<string, boolean>((ids) => this.findProcessed(ids), BATCHING);
  private readonly records = new Batcher<StoredRecord, RecordOutcome>(
    (recs) => this.insertRecords(recs),
    BATCHING,
  );
  private legacy = false;

  constructor(
    private readonly db: Db,
    collectionName = DEFAULT_INBOX_COLLECTION,
  ) {
    this.collection = db.collection<StoredRecord>(collectionName);
  }

  async ensureIndexes(): Promise<void> {
    // The stream first: it selects (on FerretDB, the index's fields are what an equality filter can use).
    await this.collection.createIndex(
      { stream: 1, consumer: 1, revision: -1 },
      { name: 'stream_consumer_revision' },
    );
    const existing = await this.collection.listIndexes().toArray();
    this.legacy = existing.some((i) => i.name === LEGACY_INDEX);
  }

  has(consumer: string, messageId: string): Promise<boolean> {
    return this.lookups.call(inboxRecordId(consumer, messageId));
  }

  async record(rec: Omit<InboxRecord, 'processedAt'>): Promise<'recorded' | 'duplicate'> {
    const outcome = await this.records.call({
      ...rec,
      _id: inboxRecordId(rec.consumer, rec.messageId),
      processedAt: new Date(),
    });
    if (typeof outcome === 'object') throw outcome.error;
    return outcome;
  }

  async lastRevision(consumer: string, stream: string): Promise<number | undefined> {
    const top = await this.collection.find({ stream, consumer }).sort({ revision: -1 }).limit(1).toArray();
    return typeof top[0]?.revision === 'number' ? top[0].revision : undefined;
  }

  async recordWith(
    collection: string | { readonly collectionName: string },
    inboxKey: string,
    doc: InboxEffectDocument,
  ): Promise<'recorded' | 'duplicate'> {
    // A MongoDB collection handed over is used as it is (it may live in another database); a name, in
    // the inbox's database.
    const coll: Collection<Document> =
      collection instanceof Collection
        ? (collection as Collection<Document>)
        : this.db.collection(typeof collection === 'string' ? collection : collection.collectionName);
    let index = this.indexed.get(coll.collectionName);
    if (!index) {
      index = coll.createIndex({ inboxKey: 1 }, { unique: true, name: 'inbox_key' });
      this.indexed.set(coll.collectionName, index);
      // A failed attempt (the database was away) must not fail every later recordWith of the process.
      index.catch(() => this.indexed.delete(coll.collectionName));
    }
    await index;
    try {
      await coll.insertOne({ ...doc, inboxKey });
      return 'recorded';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  /** Which of `ids` are recorded: one query for the batch (two on a legacy inbox). */
  private async findProcessed(ids: readonly string[]): Promise<boolean[]> {
    const unique = [...new Set(ids)];
    const found = await this.collection.find({ _id: { $in: unique } }, { projection: { _id: 1 } }).toArray();
    const seen = new Set<string>(found.map((d) => d._id));
    const missing = unique.filter((id) => !seen.has(id));
    if (this.legacy && missing.length > 0) {
      const split = missing.map((id) => id.split(/\|(.*)/s) as [string, string]);
      const legacy = await this.collection
        .find(
          { $or: split.map(([consumer, messageId]) => ({ consumer, messageId })) },
          {
            projection: { consumer: 1, messageId: 1 },
          },
        )
        .toArray();
      for (const d of legacy) seen.add(inboxRecordId(d.consumer, d.messageId));
    }
    return ids.map((id) => seen.has(id));
  }

  /**
   * Inserts the batch in one unordered `insertMany`: each record is `'recorded'`, `'duplicate'` (11000,
   * or a second copy in the same batch) or its own error.
   */
  private async insertRecords(recs: readonly StoredRecord[]): Promise<RecordOutcome[]> {
    const first = new Map<string, number>();
    const outcomes: RecordOutcome[] = recs.map((r, i) => {
      if (first.has(r._id)) return 'duplicate';
      first.set(r._id, i);
      return 'recorded';
    });
    const toInsert = [...first.values()];
    try {
      await this.collection.insertMany(
        toInsert.map((i) => recs[i]!),
        { ordered: false },
      );
    } catch (err) {
      if (!(err instanceof MongoBulkWriteError) || err.writeErrors === undefined) throw err;
      const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      for (const we of writeErrors) {
        const at = toInsert[we.index];
        if (at === undefined) continue;
        outcomes[at] =
          we.code === DUPLICATE_KEY_CODE
            ? 'duplicate'
            : { error: Object.assign(new Error(we.errmsg ?? 'insert failed'), { code: we.code }) };
      }
    }
    return outcomes;
  }
}
