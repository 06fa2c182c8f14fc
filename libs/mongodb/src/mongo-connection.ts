import { MongoClient, type Db } from 'mongodb';

/**
 * Where a module's database comes from: a `Db` you own, a connected client and a database name, or a
 * URL the module connects to (and closes on shutdown).
 */
export type MongoDbSource =
  | { readonly db: Db }
  | { readonly client: MongoClient; readonly database: string }
  | { readonly mongoUrl: string; readonly database: string; readonly serverSelectionTimeoutMS?: number };

/** A database handle, and what to do when done with it (close the client only if it was opened here). */
export interface MongoConnection {
  readonly db: Db;
  close(): Promise<void>;
}

/** Default server selection timeout of a client opened from a URL, in ms. */
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 10_000;

/**
 * The one way Switchyard's modules get their `Db` (event store, outbox, the API): from the given `Db` or
 * client (left open: the caller owns it), or from a URL (connected now, closed by `close()`).
 */
export async function connectMongo(source: MongoDbSource): Promise<MongoConnection> {
  if ('db' in source) return { db: source.db, close: async () => undefined };
  if ('client' in source) return { db: source.client.db(source.database), close: async () => undefined };
  const client = await new MongoClient(source.mongoUrl, {
    serverSelectionTimeoutMS: source.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  }).connect();
  return { db: client.db(source.database), close: () => client.close() };
}
