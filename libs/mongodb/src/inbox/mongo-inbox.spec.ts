import type { Collection, Db, Document } from 'mongodb';
import { MongoInbox } from './mongo-inbox';

/** A collection whose createIndex fails `failures` times, then works; inserts are unique on inboxKey. */
function fakeCollection(name: string, failures = 0): Collection<Document> & { created: number } {
  const keys = new Set<unknown>();
  const coll = {
    collectionName: name,
    created: 0,
    createIndex: async () => {
      if (failures-- > 0) throw Object.assign(new Error('server selection timed out'), { code: 'ETIMEOUT' });
      coll.created++;
      return 'inbox_key';
    },
    insertOne: async (doc: Document) => {
      if (keys.has(doc.inboxKey)) throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      keys.add(doc.inboxKey);
      return { acknowledged: true, insertedId: doc.inboxKey };
    },
  };
  return coll as unknown as Collection<Document> & { created: number };
}

describe('MongoInbox.recordWith', () => {
  const collections = new Map<string, ReturnType<typeof fakeCollection>>();
  const failFirst = new Set(['sent']);
  const db = {
    collection: (name: string) => {
      let c = collections.get(name);
      if (!c) collections.set(name, (c = fakeCollection(name, failFirst.has(name) ? 1 : 0)));
      return c;
    },
  } as unknown as Db;
  const inbox = new MongoInbox(db);

  it('records once per inbox key and answers duplicate after that', async () => {
    expect(await inbox.recordWith('effects', 'c:m-1', { n: 1 })).toBe('recorded');
    expect(await inbox.recordWith({ collectionName: 'effects' }, 'c:m-1', { n: 2 })).toBe('duplicate');
    expect(collections.get('effects')!.created).toBe(1);
  });

  it('tries to create the unique index again after a failed attempt, instead of failing for good', async () => {
    await expect(inbox.recordWith('sent', 'c:m-2', {})).rejects.toThrow('server selection timed out');
    expect(await inbox.recordWith('sent', 'c:m-2', {})).toBe('recorded');
    expect(collections.get('sent')!.created).toBe(1);
  });
});
