import type { TopologyModel } from '@switchyard/messaging';
import type { ManagedTestDatabase, ManagedTestVhost, TestEnvironment } from '@switchyard/testing';
import { AmqpConnection } from '../src/connection/amqp-connection';
import { declareTopology } from '../src/connection/declare-topology';
import { EventPublisher } from '../src/publishing/event-publisher';
import { stopWorker, type WorkerProcess } from './spawn-worker';

/** What a multi-process test file works with; filled in by its `beforeAll`. */
export interface WorkerFixture {
  readonly vhost: ManagedTestVhost;
  readonly database: ManagedTestDatabase;
  /** Confirmed publishing on the topology, declared on connect. */
  readonly publisher: EventPublisher;
  /** Worker processes the file starts; all are stopped in `afterAll`. */
  readonly workers: WorkerProcess[];
}

/**
 * Registers `beforeAll`/`afterAll` for a file that runs worker processes on `env` (the file's
 * `useTestEnvironment()`, called at the top of the file so it outlives these hooks): a publisher on
 * `topology`, and, afterwards, every worker stopped and the publisher closed before `env` goes.
 */
export function useWorkerFixture(env: TestEnvironment, topology: TopologyModel): WorkerFixture {
  let publisher: EventPublisher | undefined;
  let connection: AmqpConnection | undefined;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    connection = new AmqpConnection({
      urls: env.amqpUrl,
      declare: (ch) => declareTopology(ch, topology),
    });
    publisher = new EventPublisher(connection);
    await connection.waitConnected();
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await publisher?.close();
    await connection?.close();
  });

  return {
    vhost: env.vhost,
    database: env.database,
    get publisher() {
      if (!publisher) throw new Error('useWorkerFixture: the publisher exists only inside tests');
      return publisher;
    },
    workers,
  };
}
