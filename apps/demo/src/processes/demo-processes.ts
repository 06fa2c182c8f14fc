import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { AppStartError, spawnApp, type AppProcess } from '@switchyard/testing';
import { DemoSetupError } from '../errors/demo-setup.error';
import type { DemoAppContext, DemoAppSpec } from './demo-apps';
import { freePort } from './free-port';

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
   * Starts every replica of the apps, wave by wave (`DemoAppSpec.wave`), the apps of a wave side by side;
   * resolves when each printed its ready line.
   */
  async start(specs: readonly DemoAppSpec[], ctx: DemoAppContext): Promise<RunningApp[]> {
    const waves = [...new Set(specs.map((s) => s.wave ?? 0))].sort((a, b) => a - b);
    for (const wave of waves) {
      const jobs = specs
        .filter((s) => (s.wave ?? 0) === wave)
        .flatMap((spec) => Array.from({ length: spec.replicas }, (_, i) => this.startOne(spec, i, ctx)));
      const results = await Promise.allSettled(jobs);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) {
        throw new DemoSetupError(failed.map((f) => (f.reason as Error).message).join('; '));
      }
    }
    return this.running;
  }

  /** The base URL of a running HTTP app (its first replica). @throws DemoSetupError when none runs */
  urlOf(name: string): string {
    const app = this.running.find((a) => (a.name === name || a.name === `${name}-1`) && a.url);
    if (!app) throw new DemoSetupError(`${name} is not running (an app that needs it started too early?)`);
    return app.url!;
  }

  private async startOne(spec: DemoAppSpec, replica: number, ctx: DemoAppContext): Promise<void> {
    const name = spec.replicas > 1 ? `${spec.name}-${replica + 1}` : spec.name;
    const port = spec.http ? await freePort() : undefined;
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
    this.running.push({
      name,
      process: app,
      url: port === undefined ? undefined : `http://127.0.0.1:${port}`,
    });
  }

  /** Sends SIGTERM to every process (SIGKILL after 15 s) and waits for them; closes the log files. */
  async stopAll(): Promise<void> {
    const apps = this.running.splice(0);
    await Promise.all(apps.map((a) => a.process.stop('SIGTERM', 15_000)));
    await Promise.all(this.logs.splice(0).map((l) => new Promise<void>((resolve) => l.end(resolve))));
  }
}
