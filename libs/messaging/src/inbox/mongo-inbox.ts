import type { Collection, Db, Document } from 'mongodb';
import { DEFAULT_INBOX_COLLECTION } from '../messaging.constants';

/** One processed message as the inbox records it. */
export interface InboxRecord {
  readonly consumer: string;
  readonly messageId: string;
  readonly type?: string;
  readonly stream?: string;
  readonly revision?: number;
  readonly processedAt: Date;
}

/** The idempotent inbox: which message ids each consumer has processed. */
export interface Inbox {
  ensureIndexes(): Promise<void>;
  has(consumer: string, messageId: string): Promise<boolean>;
  /** Inserts the record; `'duplicate'` when it was already there (11000). */
  record(rec: Omit<InboxRecord, 'processedAt'>): Promise<'recorded' | 'duplicate'>;
  /** The highest revision of `stream` this consumer has processed, if any. */
  lastRevision(consumer: string, stream: string): Promise<number | undefined>;
  /**
   * Writes a handler's effect document carrying `inboxKey`, guarded by a unique index on it: the
   * exactly-once path, also when two processes handle the same message at once (one `'recorded'`, the
   * other `'duplicate'`).
   */
  recordWith(
    collection: Collection<Document> | string,
    inboxKey: string,
    doc: Document,
  ): Promise<'recorded' | 'duplicate'>;
}

const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * The inbox in MongoDB (or FerretDB): a collection with a unique index `{consumer, messageId}`; an insert
 * that hits it (11000) means "already processed". No transactions, no upserts: works on both.
 */
export class MongoInbox implements Inbox {
  private readonly collection: Collection<InboxRecord>;
  private readonly indexed = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    collectionName = DEFAULT_INBOX_COLLECTION,
  ) {
    this.collection = db.collection<InboxRecord>(collectionName);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex(
      { consumer: 1, messageId: 1 },
      { unique: true, name: 'consumer_message' },
    );
    await this.collection.createIndex(
      { consumer: 1, stream: 1, revision: -1 },
      { name: 'consumer_stream_revision' },
    );
  }

  async has(consumer: string, messageId: string): Promise<boolean> {
    return (await this.collection.findOne({ consumer, messageId }, { projection: { _id: 1 } })) !== null;
  }

  async record(rec: Omit<InboxRecord, 'processedAt'>): Promise<'recorded' | 'duplicate'> {
    try {
      await this.collection.insertOne({ ...rec, processedAt: new Date() });
      return 'recorded';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  async lastRevision(consumer: string, stream: string): Promise<number | undefined> {
    const top = await this.collection.find({ consumer, stream }).sort({ revision: -1 }).limit(1).toArray();
    return typeof top[0]?.revision === 'number' ? top[0].revision : undefined;
  }

  async recordWith(
    collection: Collection<Document> | string,
    inboxKey: string,
    doc: Document,
  ): Promise<'recorded' | 'duplicate'> {
    const coll = typeof collection === 'string' ? this.db.collection(collection) : collection;
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
}
