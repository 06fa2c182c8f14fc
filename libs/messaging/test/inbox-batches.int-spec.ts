import type { CommandStartedEvent } from 'mongodb';
import { MongoClient } from 'mongodb';
import { inboxRecordId, MongoInbox } from '@switchyard/mongodb';
import { testConfig, useTestDatabase } from '@switchyard/testing';

const t = useTestDatabase('inbox_batches', { per: 'test' });

/** The inbox against the local database: batched look-ups and records, each caller answered alone. */
describe('MongoInbox batches', () => {
  let client: MongoClient | undefined;
  const commands: CommandStartedEvent[] = [];

  beforeEach(async () => {
    // A client of its own, to count the commands the inbox sends.
    client = await new MongoClient(testConfig().MONGO_URL, { monitorCommands: true }).connect();
    client.on('commandStarted', (e) => commands.push(e));
    commands.length = 0;
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  const sent = (name: string) => commands.filter((c) => c.commandName === name).length;

  it('looks up the deliveries that arrive together in one find, and answers each one', async () => {
    // Given an inbox in which m-1 and m-3 are processed for consumer a, and m-2 only for consumer b
    const inbox = new MongoInbox(client!.db(t.name));
    await inbox.ensureIndexes();
    await Promise.all([
      inbox.record({ consumer: 'a', messageId: 'm-1' }),
      inbox.record({ consumer: 'a', messageId: 'm-3' }),
      inbox.record({ consumer: 'b', messageId: 'm-2' }),
    ]);
    commands.length = 0;
    // When 4 look-ups are made together
    const answers = await Promise.all(['m-1', 'm-2', 'm-3', 'm-4'].map((id) => inbox.has('a', id)));
    // Then each has its own answer, from one find
    expect(answers).toEqual([true, false, true, false]);
    expect(sent('find')).toBe(1);
  });

  it('records the handlers that finish together in one insert: duplicates answered as such, the rest recorded', async () => {
    const inbox = new MongoInbox(client!.db(t.name));
    await inbox.ensureIndexes();
    // Given m-1 already recorded
    expect(await inbox.record({ consumer: 'a', messageId: 'm-1' })).toBe('recorded');
    commands.length = 0;
    // When m-1 (again), m-2, m-3 and m-2 once more are recorded together
    const outcomes = await Promise.all(
      ['m-1', 'm-2', 'm-3', 'm-2'].map((messageId) =>
        inbox.record({ consumer: 'a', messageId, stream: 's-1', revision: 0 }),
      ),
    );
    // Then the second copies are duplicates and the others recorded, in one insert command
    expect(outcomes).toEqual(['duplicate', 'recorded', 'recorded', 'duplicate']);
    expect(sent('insert')).toBe(1);
    const docs = await t.db.collection('inbox').find({ consumer: 'a' }).toArray();
    expect(docs.map((d) => String(d._id)).sort()).toEqual(
      ['m-1', 'm-2', 'm-3'].map((m) => inboxRecordId('a', m)),
    );
  });

  it('batches under load: 200 concurrent look-ups and records take far fewer commands than messages', async () => {
    const inbox = new MongoInbox(client!.db(t.name));
    await inbox.ensureIndexes();
    commands.length = 0;
    // When 200 deliveries are each checked, then recorded, all at once
    const ids = Array.from({ length: 200 }, (_, i) => `load-${i}`);
    const seen = await Promise.all(ids.map((id) => inbox.has('a', id)));
    const recorded = await Promise.all(ids.map((messageId) => inbox.record({ consumer: 'a', messageId })));
    // Then every answer is right, from a handful of commands
    expect(seen.every((s) => !s)).toBe(true);
    expect(recorded.every((r) => r === 'recorded')).toBe(true);
    expect(sent('find')).toBeLessThanOrEqual(2);
    expect(sent('insert')).toBeLessThanOrEqual(2);
    expect(await Promise.all(ids.map((id) => inbox.has('a', id)))).toEqual(ids.map(() => true));
  });

  it('still finds records of an inbox written before records were keyed by _id', async () => {
    // Given an inbox of the earlier shape: ObjectId ids, unique {consumer, messageId}
    const legacy = t.db.collection('inbox');
    await legacy.createIndex({ consumer: 1, messageId: 1 }, { unique: true, name: 'consumer_message' });
    await legacy.insertOne({ consumer: 'a', messageId: 'old-1', processedAt: new Date() });
    // When the inbox opens it
    const inbox = new MongoInbox(client!.db(t.name));
    await inbox.ensureIndexes();
    // Then the old record counts as processed, and a record of it again is a duplicate
    expect(await Promise.all([inbox.has('a', 'old-1'), inbox.has('a', 'new-1')])).toEqual([true, false]);
    expect(await inbox.record({ consumer: 'a', messageId: 'old-1' })).toBe('duplicate');
  });
});
