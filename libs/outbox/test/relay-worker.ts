/**
 * A relay process for the outbox tests: `node -r ./scripts/register.js libs/outbox/test/relay-worker.ts`.
 * Env: AMQP_URL (a test vhost), MONGO_URL, DB_NAME, HOLDER; CRASH_AFTER_PUBLISH=1 makes this process
 * SIGKILL itself once a publish is confirmed and before it is marked, as a crash would: from a listener
 * on the relay's public `onConfirmed`, which runs before the mark.
 * Prints `ready` once started; stops gracefully on SIGTERM.
 */
import 'reflect-metadata';
import { MongoClient } from 'mongodb';
import { getMongoEventStore } from '@switchyard/event-store';
import { AmqpConnection, EventPublisher } from '@switchyard/messaging';
import { OutboxMetrics, OutboxRelay, RelayLease, eventStoreOutbox } from '@switchyard/outbox';
import { exampleEventRegistry } from '@switchyard/examples';

async function main(): Promise<void> {
  const env = process.env;
  const client = await new MongoClient(env.MONGO_URL!).connect();
  const db = client.db(env.DB_NAME!);
  const registry = exampleEventRegistry();
  const store = getMongoEventStore(db, registry);
  const connection = new AmqpConnection({ urls: env.AMQP_URL!, name: `relay-${env.HOLDER}` });
  const publisher = new EventPublisher(connection, { publishTimeoutMs: 60_000 });
  const lease = new RelayLease(db, { holder: env.HOLDER!, ttlMs: 2_000 });
  const relay = new OutboxRelay(eventStoreOutbox(store), publisher, registry, lease, new OutboxMetrics(), {
    sweepIntervalMs: 100,
    leaseRenewMs: 300,
  });
  if (env.CRASH_AFTER_PUBLISH === '1') relay.onConfirmed(() => void process.kill(process.pid, 'SIGKILL'));
  await relay.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void (async () => {
      await relay.stop();
      await publisher.close();
      await connection.close();
      await client.close();
      process.exit(0);
    })();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`relay-worker: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
