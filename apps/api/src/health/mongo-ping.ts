import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { Db } from 'mongodb';

/** Terminus-shaped result of a `ping` to the database: `down` with the reason when it fails or times out. */
export async function pingMongo<const Key extends string>(
  db: Db,
  key: Key,
  timeoutMs: number,
): Promise<HealthIndicatorResult<Key>> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { [key]: { status: 'up', pingMs: Date.now() - started } } as unknown as HealthIndicatorResult<Key>;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { [key]: { status: 'down', message } } as unknown as HealthIndicatorResult<Key>;
  } finally {
    clearTimeout(timer);
  }
}
