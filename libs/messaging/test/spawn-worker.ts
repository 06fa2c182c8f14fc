import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TopologyModel } from '../src/topology/topology.model';

const ROOT = join(__dirname, '..', '..', '..');

/** A running worker process and how to stop it. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

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
  const child = spawn(
    process.execPath,
    ['-r', './scripts/register.js', 'libs/messaging/test/fixtures/consumer-worker.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        WORKER_ID: opts.id,
        WORKER_AMQP_URL: opts.amqpUrl,
        WORKER_MONGO_URL: opts.mongoUrl,
        WORKER_DB: opts.db,
        WORKER_TOPOLOGY: JSON.stringify(opts.topology),
        WORKER_MODE: opts.mode ?? 'module',
        WORKER_DELAY_MS: String(opts.delayMs ?? 0),
        WORKER_SHARE: opts.share ?? '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${opts.id} not ready in 30 s:\n${out}`)), 30_000);
    const onData = (): void => {
      if (out.includes('ready\n')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${opts.id} exited with ${code} before ready:\n${out}`));
    });
  });
  return { child, output: () => out, exited };
}

/** Sends SIGTERM and waits for the exit code. */
export async function stopWorker(w: WorkerProcess | undefined): Promise<number | null> {
  if (!w || w.child.exitCode !== null || w.child.signalCode !== null) return w?.child.exitCode ?? null;
  w.child.kill('SIGTERM');
  return w.exited;
}
