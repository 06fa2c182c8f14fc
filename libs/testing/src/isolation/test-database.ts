import { MongoClient, type Db } from 'mongodb';
import { testConfig } from './test-env';
import { uniqueTestName } from './test-names';

/** A fresh database for one test file; `drop()` removes it and closes the client. */
export interface TestDatabase {
  readonly name: string;
  readonly client: MongoClient;
  readonly db: Db;
  readonly mongoUrl: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label?: string): Promise<TestDatabase> {
  const mongoUrl = testConfig().MONGO_URL;
  const client = await new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 10_000 }).connect();
  const name = uniqueTestName(label);
  const db = client.db(name);
  return {
    name,
    client,
    db,
    mongoUrl,
    drop: async () => {
      try {
        await db.dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
