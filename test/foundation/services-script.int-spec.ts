import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** `npm run services -- <args>` with the given environment; resolves with the exit code and output. */
async function services(env: Record<string, string>, ...args: string[]) {
  const started = Date.now();
  try {
    const { stdout, stderr } = await run('bash', ['scripts/services.sh', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, ms: Date.now() - started };
  }
}

// External services are waited for SERVICES_EXTERNAL_TIMEOUT (5 s), not the 90 s a local one gets. The
// bound below is well under 90 s yet leaves room for the rabbitmqctl calls of the managed broker, which
// take several seconds each on a loaded 2-core machine (15 s was exceeded once at load average 7).
const EXTERNAL_FAILS_WITHIN_MS = 30_000;

describe('services script with external URLs', () => {
  it('fails within seconds (not the 90 s a local service gets) with one line naming MONGO_URL and the host when the database port is closed', async () => {
    const r = await services({ MONGO_URL: 'mongodb://127.0.0.1:1' }, 'up');
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(EXTERNAL_FAILS_WITHIN_MS);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^services: mongodb did not answer: MONGO_URL host 127\.0\.0\.1:1 unreachable/);
  });

  it('fails within seconds naming AMQP_URL when the broker port is closed, and starts nothing for it', async () => {
    const r = await services(
      {
        AMQP_URL: 'amqp://guest:guest@127.0.0.1:2',
        RABBITMQ_MANAGEMENT_URL: 'http://guest:guest@127.0.0.1:3',
      },
      'up',
    );
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(EXTERNAL_FAILS_WITHIN_MS);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('AMQP_URL host 127.0.0.1:2 unreachable');
  });

  it('reports external services as such, never showing a password', async () => {
    const r = await services({ AMQP_URL: 'amqp://app:s3cret@127.0.0.1:2' }, 'status');
    expect(r.stdout).toContain('rabbitmq    external  amqp://app:***@127.0.0.1:2');
    expect(r.stdout).not.toContain('s3cret');
    expect(r.stdout).toMatch(/ferretdb {4}running/);
  });
});
