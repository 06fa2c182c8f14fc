import { MongoServerError } from 'mongodb';
import { useTestDatabase } from '@switchyard/testing';

const t = useTestDatabase('unique_index');

describe('unique compound index on the local database', () => {
  it('rejects a second insert on the same (stream, revision) with code 11000', async () => {
    // Given a collection with a unique index on (stream, revision)
    const commits = t.db.collection('commits');
    await commits.createIndex({ stream: 1, revision: 1 }, { unique: true });
    await commits.insertOne({ stream: 'order-1', revision: 0 });
    await commits.insertOne({ stream: 'order-1', revision: 1 });
    await commits.insertOne({ stream: 'order-2', revision: 0 });

    // When a duplicate (stream, revision) is inserted
    const err = await commits.insertOne({ stream: 'order-1', revision: 0 }).catch((e: unknown) => e);

    // Then it fails with duplicate-key code 11000, and nothing extra is stored
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(11000);
    expect(await commits.countDocuments({ stream: 'order-1' })).toBe(2);
  });
});
