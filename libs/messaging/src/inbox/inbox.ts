import type { Collection, Document } from 'mongodb';

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
