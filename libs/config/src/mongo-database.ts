import { InvalidConfigError } from './errors/invalid-config.error';

/** The variable naming the database an app uses (its default is the app's own). */
export const MONGO_DATABASE = 'MONGO_DATABASE';

/**
 * The database an app uses: the module option when given, else `MONGO_DATABASE` when set, else the
 * fallback. MongoDB refuses some characters in database names; this says so at start-up rather than at
 * the first write.
 * @throws InvalidConfigError naming MONGO_DATABASE for a name MongoDB would refuse
 */
export function resolveMongoDatabase(raw: string | undefined, fallback: string, option?: string): string {
  const database = option ?? (raw || fallback);
  if (/[/\\. "$]/.test(database) || database.length > 63) {
    throw new InvalidConfigError(MONGO_DATABASE, database, 'not a valid database name');
  }
  return database;
}
