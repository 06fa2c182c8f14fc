import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** A worker child process of the event-store tests. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts `libs/event-store/test/workers/<name>.ts` with `env`; resolves once it printed `ready`, when asked. */
export function spawnWorker(
  name: string,
  env: Record<string, string>,
  options: { waitForReady?: boolean } = {},
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ['-r', './scripts/register.js', `libs/event-store/test/workers/${name}.ts`],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc: WorkerProcess = { child, exited, output: () => out };
  if (!options.waitForReady) return Promise.resolve(proc);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 30_000);
    child.stdout!.on('data', () => {
      if (out.includes('ready\n')) {
        clearTimeout(timer);
        resolve(proc);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!out.includes('ready\n'))
        reject(new Error(`${name} exited (${code ?? signal}) before ready:\n${out}`));
    });
  });
}

/** Ends the worker if it still runs (SIGKILL) and waits for it: for `finally` blocks. */
export async function endWorker(w: WorkerProcess | undefined): Promise<void> {
  if (!w) return;
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await w.exited;
}
