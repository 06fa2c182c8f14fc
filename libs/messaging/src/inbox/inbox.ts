/**
 * The effect document a handler writes through `recordWith`: any JSON-like object (the inbox adds
 * `inboxKey`). Database-neutral; the MongoDB inbox (`@switchyard/mongodb`) stores it as it is.
 */
export type InboxEffectDocument = Readonly<Record<string, unknown>>;

/** Where `recordWith` writes: a collection name, or a collection object that carries its name. */
export type InboxEffectCollection = string | { readonly collectionName: string };

/** One processed message as the inbox records it. */
export interface InboxRecord {
  readonly consumer: string;
  readonly messageId: string;
  readonly type?: string;
  readonly stream?: string;
  readonly revision?: number;
  readonly processedAt: Date;
}

/**
 * The idempotent inbox: which message ids each consumer has processed. Messaging knows only this
 * interface; `MongoInbox` (`@switchyard/mongodb`) stores it in MongoDB or FerretDB, and
 * `InMemoryInbox` (`@switchyard/testing`) in memory for unit tests.
 */
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
    collection: InboxEffectCollection,
    inboxKey: string,
    doc: InboxEffectDocument,
  ): Promise<'recorded' | 'duplicate'>;
}
