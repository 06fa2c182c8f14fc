import { join } from 'node:path';
import { spawnApp, type AppExit, type AppProcess } from '@switchyard/testing';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** A worker child process of the event-store tests. */
export type WorkerProcess = AppProcess;

/** Starts `libs/event-store/test/workers/<name>.ts` with `env`; resolves once it printed `ready`, when asked. */
export function spawnWorker(
  name: string,
  env: Record<string, string>,
  options: { waitForReady?: boolean } = {},
): Promise<WorkerProcess> {
  return spawnApp(`libs/event-store/test/workers/${name}.ts`, {
    cwd: ROOT,
    nodeArgs: ['-r', './scripts/register.js'],
    env,
    readyLine: options.waitForReady ? 'ready' : null,
  });
}

/** Ends the worker if it still runs (SIGKILL) and waits for it: for `finally` blocks. */
export async function endWorker(w: WorkerProcess | undefined): Promise<AppExit | undefined> {
  return w?.stop('SIGKILL');
}
