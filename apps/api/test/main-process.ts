import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** `apps/api/src/main.ts` running as a child process, the way a user starts the API. */
export interface ApiProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

export function spawnApi(env: Record<string, string>): ApiProcess {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** Resolves with the URL the API printed once listening; rejects if it exits first or after `timeoutMs`. */
export function listeningUrl(api: ApiProcess, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`api did not listen within ${timeoutMs} ms:\n${api.stdout()}${api.stderr()}`));
    }, timeoutMs);
    const onData = (): void => {
      const match = /listening on (http:\/\/[^\s"]+)/.exec(api.stdout());
      if (!match) return;
      cleanup();
      resolve(match[1]!.replace('[::1]', '127.0.0.1'));
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`api exited (${code}) before listening:\n${api.stdout()}${api.stderr()}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      api.child.stdout!.off('data', onData);
      api.child.off('exit', onExit);
    };
    api.child.stdout!.on('data', onData);
    api.child.once('exit', onExit);
    onData();
  });
}
