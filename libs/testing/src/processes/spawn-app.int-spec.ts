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
