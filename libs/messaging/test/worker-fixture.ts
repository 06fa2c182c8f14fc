import type { TopologyModel } from '@switchyard/messaging';
import { createTestDatabase, createTestVhost, type TestDatabase, type TestVhost } from '@switchyard/testing';
import { AmqpConnection } from '../src/connection/amqp-connection';
import { declareTopology } from '../src/connection/declare-topology';
import { EventPublisher } from '../src/publishing/event-publisher';
import { stopWorker, type WorkerProcess } from './spawn-worker';

/** What a multi-process test file works with; filled in by its `beforeAll`. */
export interface WorkerFixture {
  readonly vhost: TestVhost;
  readonly database: TestDatabase;
  /** Confirmed publishing on the topology, declared on connect. */
  readonly publisher: EventPublisher;
  /** Worker processes the file starts; all are stopped in `afterAll`. */
  readonly workers: WorkerProcess[];
}

/**
 * Registers `beforeAll`/`afterAll` for a file that runs worker processes: a fresh vhost and database, a
 * publisher on `topology`, and, afterwards, every worker stopped and everything removed.
 */
export function useWorkerFixture(label: string, topology: TopologyModel): WorkerFixture {
  const f = { workers: [] as WorkerProcess[] } as {
    vhost: TestVhost;
    database: TestDatabase;
    publisher: EventPublisher;
    workers: WorkerProcess[];
    connection?: AmqpConnection;
  };

  beforeAll(async () => {
    f.vhost = await createTestVhost(label);
    f.database = await createTestDatabase(label);
    f.connection = new AmqpConnection({
      urls: f.vhost.amqpUrl,
      declare: (ch) => declareTopology(ch, topology),
    });
    f.publisher = new EventPublisher(f.connection);
    await f.connection.waitConnected();
  });

  afterAll(async () => {
    await Promise.all(f.workers.map((w) => stopWorker(w)));
    await f.publisher?.close();
    await f.connection?.close();
    await f.vhost?.delete();
    await f.database?.drop();
  });

  return f;
}
