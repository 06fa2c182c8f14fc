import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { AppStartError, spawnApp, type AppProcess } from '@switchyard/testing';
import { DemoSetupError } from '../errors/demo-setup.error';
import type { DemoAppContext, DemoAppSpec } from './demo-apps';
import { freePort } from './free-port';

/** One process the demo is about to start. */
interface PlannedApp {
  readonly spec: DemoAppSpec;
  readonly replica: number;
  readonly name: string;
  readonly port?: number;
}

/** One running process of the demo. */
export interface RunningApp {
  readonly name: string;
  readonly url?: string;
  readonly process: AppProcess;
}

/**
 * Starts and stops the demo's processes, each with `node -r ./scripts/register.js <entry>`, its output
 * appended to `<logDir>/<name>.log` (never to the demo's own output). `stopAll` is safe to call twice
 * and from a signal handler.
 */
export class DemoProcesses {
  private readonly running: RunningApp[] = [];
  private readonly logs: WriteStream[] = [];
  private readonly urls = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  get apps(): readonly RunningApp[] {
    return this.running;
  }

  /**
   * Starts every replica of the apps side by side; resolves when each printed its ready line. The ports
   * of the HTTP apps are picked first, so an app can be given another's URL (`ctx.urlOf`) before that
   * one is up (the workers only call the provider fake once the load runs, when every app is ready).
   */
  async start(specs: readonly DemoAppSpec[], ctx: DemoAppContext): Promise<RunningApp[]> {
    const planned: PlannedApp[] = [];
    for (const spec of specs) {
      for (let replica = 0; replica < spec.replicas; replica++) {
        const name = spec.replicas > 1 ? `${spec.name}-${replica + 1}` : spec.name;
        planned.push({ spec, replica, name, port: spec.http ? await freePort() : undefined });
      }
    }
    for (const p of planned) if (p.port !== undefined) this.urls.set(p.name, `http://127.0.0.1:${p.port}`);
    const results = await Promise.allSettled(planned.map((p) => this.startOne(p, ctx)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) {
      throw new DemoSetupError(failed.map((f) => (f.reason as Error).message).join('; '));
    }
    return this.running;
  }

  /** The base URL of an HTTP app of the run (its first replica). @throws DemoSetupError when none */
  urlOf(name: string): string {
    const url = this.urls.get(name) ?? this.urls.get(`${name}-1`);
    if (url === undefined) throw new DemoSetupError(`${name} is not an HTTP app of this run`);
    return url;
  }

  private async startOne({ spec, replica, name, port }: PlannedApp, ctx: DemoAppContext): Promise<void> {
    const log = createWriteStream(join(this.logDir, `${name}.log`), { flags: 'w' });
    this.logs.push(log);
    let app: AppProcess;
    try {
      app = await spawnApp(join(this.root, spec.entry), {
        cwd: this.root,
        nodeArgs: ['-r', join(this.root, 'scripts/register.js')],
        env: spec.env(ctx, replica, port),
        readyLine: spec.readyLine(port, replica),
        readyTimeoutMs: 90_000,
      });
    } catch (err) {
      if (err instanceof AppStartError) {
        log.write(err.output);
        throw new DemoSetupError(`${name} did not start (its output: ${join(this.logDir, `${name}.log`)})`);
      }
      throw err;
    }
    log.write(app.output());
    app.child.stdout?.on('data', (d: Buffer) => log.write(d));
    app.child.stderr?.on('data', (d: Buffer) => log.write(d));
    this.running.push({ name, process: app, url: this.urls.get(name) });
  }

  /** Sends SIGTERM to every process (SIGKILL after 15 s) and waits for them; closes the log files. */
  async stopAll(): Promise<void> {
    const apps = this.running.splice(0);
    await Promise.all(apps.map((a) => a.process.stop('SIGTERM', 15_000)));
    await Promise.all(this.logs.splice(0).map((l) => new Promise<void>((resolve) => l.end(resolve))));
  }
}
