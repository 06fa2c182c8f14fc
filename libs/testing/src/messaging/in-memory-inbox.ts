import type { Inbox, InboxEffectCollection, InboxEffectDocument, InboxRecord } from '@switchyard/messaging';

/**
 * The inbox in memory, for unit tests of handlers and services: the same answers as `MongoInbox`
 * (`'recorded'` once per consumer and message id, `'duplicate'` after), and the effect documents
 * `recordWith` wrote, readable with {@link InMemoryInbox.effects}.
 */
export class InMemoryInbox implements Inbox {
  private readonly records = new Map<string, InboxRecord>();
  private readonly collections = new Map<string, Map<string, InboxEffectDocument>>();

  async ensureIndexes(): Promise<void> {}

  async has(consumer: string, messageId: string): Promise<boolean> {
    return this.records.has(key(consumer, messageId));
  }

  async record(rec: Omit<InboxRecord, 'processedAt'>): Promise<'recorded' | 'duplicate'> {
    const k = key(rec.consumer, rec.messageId);
    if (this.records.has(k)) return 'duplicate';
    this.records.set(k, { ...rec, processedAt: new Date() });
    return 'recorded';
  }

  async lastRevision(consumer: string, stream: string): Promise<number | undefined> {
    let last: number | undefined;
    for (const r of this.records.values())
      if (r.consumer === consumer && r.stream === stream && r.revision !== undefined)
        last = last === undefined ? r.revision : Math.max(last, r.revision);
    return last;
  }

  async recordWith(
    collection: InboxEffectCollection,
    inboxKey: string,
    doc: InboxEffectDocument,
  ): Promise<'recorded' | 'duplicate'> {
    const name = typeof collection === 'string' ? collection : collection.collectionName;
    let docs = this.collections.get(name);
    if (!docs) this.collections.set(name, (docs = new Map()));
    if (docs.has(inboxKey)) return 'duplicate';
    docs.set(inboxKey, { ...doc, inboxKey });
    return 'recorded';
  }

  /** The messages recorded as processed, in the order they were. */
  processed(): InboxRecord[] {
    return [...this.records.values()];
  }

  /** The effect documents `recordWith` wrote to `collection`, in the order they were. */
  effects(collection: string): InboxEffectDocument[] {
    return [...(this.collections.get(collection)?.values() ?? [])];
  }
}

function key(consumer: string, messageId: string): string {
  return `${consumer}\u0000${messageId}`;
}
