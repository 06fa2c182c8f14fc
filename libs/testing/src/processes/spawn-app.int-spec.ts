import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppStartError, spawnApp } from './spawn-app';

describe('spawnApp', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'spawn-app-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const script = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return file;
  };

  it('resolves once the app prints its ready line, and stops it with SIGTERM', async () => {
    const entry = script('app.js', "console.log('ready'); setInterval(() => {}, 1000);");
    const app = await spawnApp(entry, { env: { X: '1' } });
    try {
      expect(app.output()).toContain('ready');
    } finally {
      expect(await app.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    }
    expect(await app.stop()).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('also takes the ready line as the msg of a JSON log line, and only as that', async () => {
    // Given an app logging JSON lines: "ready" in another field first, then in its msg
    const line = (o: object) => `process.stdout.write(${JSON.stringify(JSON.stringify(o) + '\n')});`;
    const entry = script(
      'json.js',
      `${line({ level: 'info', queue: 'ready', msg: 'starting' })}
      setTimeout(() => { ${line({ level: 'info', msg: 'worker ready' })} }, 300);
      setInterval(() => {}, 1000);`,
    );
    const app = await spawnApp(entry);
    try {
      // Then it resolved on the msg, not on the first line
      expect(app.output()).toContain('"msg":"worker ready"');
    } finally {
      await app.stop();
    }
  });

  it('rejects with the output when the app exits before it is ready', async () => {
    const entry = script('crash.js', "console.error('no config'); process.exit(3);");
    const err = await spawnApp(entry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppStartError);
    expect((err as Error).message).toContain('exited (3) before ready');
    expect((err as Error).message).toContain('no config');
  });

  it('kills an app that never gets ready within the time, and says so', async () => {
    const entry = script('slow.js', 'setInterval(() => {}, 1000);');
    const err = await spawnApp(entry, { readyTimeoutMs: 300 }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('did not print "ready" within 300 ms');
  });
});
