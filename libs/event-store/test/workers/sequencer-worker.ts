/**
 * A sequencer process for the crash tests: `node -r ./scripts/register.js
 * libs/event-store/test/workers/sequencer-worker.ts`. Env: MONGO_URL, DB_NAME, LIMIT (batch size);
 * CRASH_AFTER_CLAIM=1 makes it SIGKILL itself once a batch's positions are claimed and before they are
 * stamped (through the sequencer's hook, as a crash would). Prints `ready`, sequences until nothing
 * waits, prints `done` and exits.
 */
import { MongoClient } from 'mongodb';
import { getMongoEventStore } from '@switchyard/event-store';
import { testRegistry } from '../test-contracts';

async function main(): Promise<void> {
  const env = process.env;
  const client = await new MongoClient(env.MONGO_URL!).connect();
  const store = getMongoEventStore(client.db(env.DB_NAME!), testRegistry(), {
    ...(env.CRASH_AFTER_CLAIM === '1'
      ? { sequencerHooks: { afterClaimBeforeStamp: () => void process.kill(process.pid, 'SIGKILL') } }
      : {}),
  });
  process.stdout.write('ready\n');
  for (;;) {
    const r = await store.sequence({ limit: Number(env.LIMIT ?? 100) });
    if (r.complete) break;
  }
  process.stdout.write('done\n');
  await client.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`sequencer-worker: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
