import { spawn, type ChildProcess } from 'node:child_process';

/** How {@link spawnApp} starts a process. */
export interface SpawnAppOptions {
  /** Added to the test process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Node flags before the entry, e.g. `['-r', 'ts-node/register']` for a `.ts` entry. */
  readonly nodeArgs?: readonly string[];
  /** Arguments after the entry. */
  readonly args?: readonly string[];
  /** @default process.cwd() */
  readonly cwd?: string;
  /**
   * The line on stdout that means "started" (a line ending with it, or a JSON log line whose `msg` does);
   * `null`: resolve at once, without waiting. @default 'ready'
   */
  readonly readyLine?: string | null;
  /** How long to wait for the ready line. @default 30 000 */
  readonly readyTimeoutMs?: number;
}

/** How a process ended. */
export interface AppExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A spawned app: its output so far, how it ended, and how to stop it. */
export interface AppProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<AppExit>;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /**
   * Sends `signal` (default SIGTERM) and waits for the exit; after `timeoutMs` (default 10 000) it sends
   * SIGKILL. Safe to call on a process that has already exited: for `afterEach` and `finally`.
   */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<AppExit>;
}

/** The app exited, or did not print its ready line in time: the error says which, with its output. */
export class AppStartError extends Error {
  readonly code = 'SWITCHYARD_APP_START';
  constructor(
    readonly entry: string,
    reason: string,
    readonly output: string,
  ) {
    super(`${entry} ${reason}:\n${output}`);
    this.name = 'AppStartError';
  }
}

/**
 * Starts `entry` in its own Node process (an app, a worker, a relay) and resolves once it printed its
 * ready line; rejects with {@link AppStartError} if it exits first or takes too long, and kills it then.
 */
export function spawnApp(entry: string, options: SpawnAppOptions = {}): Promise<AppProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry, ...(options.args ?? [])], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<AppExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const app: AppProcess = {
    child,
    exited,
    output: () => out,
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (!running()) return exited;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (running()) child.kill('SIGKILL');
          resolve();
        }, timeoutMs);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
      return exited;
    },
  };
  const readyLine = options.readyLine === undefined ? 'ready' : options.readyLine;
  if (readyLine === null) return Promise.resolve(app);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (running()) child.kill('SIGKILL');
      reject(
        new AppStartError(
          entry,
          `did not print "${readyLine}" within ${options.readyTimeoutMs ?? 30_000} ms`,
          out,
        ),
      );
    }, options.readyTimeoutMs ?? 30_000);
    const onData = () => {
      if (!printedReadyLine(out, readyLine)) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(app);
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!printedReadyLine(out, readyLine))
        reject(new AppStartError(entry, `exited (${code ?? signal}) before ready`, out));
    });
  });
}

/** Whether `out` has a complete line ending with `readyLine`, plain or as the `msg` of a JSON log line. */
function printedReadyLine(out: string, readyLine: string): boolean {
  if (out.includes(`${readyLine}\n`)) return true;
  for (const line of out.split('\n').slice(0, -1)) {
    if (!line.startsWith('{') || !line.includes(readyLine)) continue;
    try {
      const msg = (JSON.parse(line) as { msg?: unknown }).msg;
      if (typeof msg === 'string' && msg.endsWith(readyLine)) return true;
    } catch {
      // not JSON: only the plain form counts
    }
  }
  return false;
}
