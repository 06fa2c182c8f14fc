/**
 * An appending process for the sequencing tests: `node -r ./scripts/register.js
 * libs/event-store/test/workers/append-worker.ts`. Env: MONGO_URL, DB_NAME, WORKER (its name), APPENDS.
 * Appends APPENDS single-event commits: even ones to its own streams, odd ones to the shared streams
 * `shared-0..2` with the revision it just read as the exact expectation (so concurrent writers really
 * conflict). Prints one JSON line per append: `{ ok: true, commitId, stream, firstRevision }` or
 * `{ ok: false, code, name }`, then `done`.
 */
import { MongoClient } from 'mongodb';
import { getMongoEventStore } from '@switchyard/event-store';
import { testRegistry } from '../test-contracts';

async function main(): Promise<void> {
  const env = process.env;
  const client = await new MongoClient(env.MONGO_URL!).connect();
  const store = getMongoEventStore(client.db(env.DB_NAME!), testRegistry());
  const worker = env.WORKER!;
  const appends = Number(env.APPENDS);
  const inc = { type: 'counter.incremented', data: { by: 1 } };
  const lines: string[] = [];
  await Promise.all(
    [0, 1].map(async (lane) => {
      for (let i = lane; i < appends; i += 2) {
        const shared = i % 2 === 1;
        const stream = shared ? `shared-${i % 3}` : `${worker}-own-${i % 5}`;
        try {
          const current = await store.currentRevision(stream);
          const r = await store.append(stream, [inc], {
            expectedRevision: current === undefined ? 'noStream' : current,
          });
          lines.push(
            JSON.stringify({ ok: true, commitId: r.commitId, stream, firstRevision: r.firstRevision }),
          );
        } catch (err) {
          const e = err as { code?: string; name?: string };
          lines.push(JSON.stringify({ ok: false, code: e.code, name: e.name, stream }));
        }
      }
    }),
  );
  process.stdout.write(`${lines.join('\n')}\ndone\n`);
  await client.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`append-worker: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
