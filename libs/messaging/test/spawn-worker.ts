import { spawnApp, type AppExit, type AppProcess } from '@switchyard/testing';
import { join } from 'node:path';
import type { TopologyModel } from '../src/topology/topology.model';

const ROOT = join(__dirname, '..', '..', '..');

/** A running worker process and how to stop it. */
export type WorkerProcess = AppProcess;

/** Starts `fixtures/consumer-worker.ts` in its own Node process and waits until it prints "ready". */
export async function startWorker(opts: {
  id: string;
  amqpUrl: string;
  mongoUrl: string;
  db: string;
  topology: TopologyModel;
  mode?: 'module' | 'transport';
  delayMs?: number;
  /** `<index>/<count>`: the worker's share of ordered partitions. */
  share?: string;
}): Promise<WorkerProcess> {
  const app = await spawnApp('libs/messaging/test/fixtures/consumer-worker.ts', {
    cwd: ROOT,
    nodeArgs: ['-r', './scripts/register.js'],
    env: {
      WORKER_ID: opts.id,
      WORKER_AMQP_URL: opts.amqpUrl,
      WORKER_MONGO_URL: opts.mongoUrl,
      WORKER_DB: opts.db,
      WORKER_TOPOLOGY: JSON.stringify(opts.topology),
      WORKER_MODE: opts.mode ?? 'module',
      WORKER_DELAY_MS: String(opts.delayMs ?? 0),
      WORKER_SHARE: opts.share ?? '',
    },
  });
  return app;
}

/** Sends SIGTERM and waits for the exit (SIGKILL after 30 s): how the worker ended, code and signal. */
export async function stopWorker(w: WorkerProcess | undefined): Promise<AppExit | undefined> {
  return w?.stop('SIGTERM', 30_000);
}
