import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { topologyNames } from '@switchyard/messaging';
import { ManagementApi } from '@switchyard/messaging/topology';
import { spawnApp, testConfig, uniqueTestName, type AppExit } from '@switchyard/testing';

const ROOT = resolve(__dirname, '../../..');

/** Runs `npm run demo -- <args>` as a user would (its own process); resolves its exit and its output. */
async function runDemo(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ exit: AppExit; stdout: string; stderr: string }> {
  const app = await spawnApp(join(ROOT, 'apps/demo/src/main.ts'), {
    cwd: ROOT,
    nodeArgs: ['-r', join(ROOT, 'scripts/register.js')],
    args,
    env,
    readyLine: null,
  });
  let stdout = '';
  let stderr = '';
  app.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  app.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    return { exit: await app.exited, stdout, stderr };
  } finally {
    await app.stop('SIGKILL');
  }
}

describe('npm run demo', () => {
  const name = uniqueTestName('demo');
  const logDir = mkdtempSync(join(tmpdir(), 'switchyard-demo-'));
  const common = [
    '--no-services',
    '--no-progress',
    '--vhost',
    name,
    '--database',
    name,
    '--user-prefix',
    `${name}_`,
  ];
  // Passwords the test knows, given as the topology's password variables, so it can look for them.
  const passwords = Object.fromEntries(
    EXAMPLE_TOPOLOGY.domains.map((d) => [
      topologyNames.passwordEnv(d.name),
      `pw-${randomBytes(12).toString('hex')}`,
    ]),
  );
  const management = new ManagementApi(testConfig().RABBITMQ_MANAGEMENT_URL);

  afterAll(async () => {
    await runDemo([...common, '--clean']);
    rmSync(logDir, { recursive: true, force: true });
  }, 60_000);

  it('runs the example system under load and exits 0 with a report that reconciles, printing no password anywhere', async () => {
    // When the demo runs 20 orders, the services already up
    const run = await runDemo([...common, '--orders', '20', '--rate', '20', '--log-dir', logDir], passwords);

    // Then it exits 0 and its report says every check reconciled
    expect({ code: run.exit.code, stderr: run.exit.code === 0 ? '' : run.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(run.stdout).toContain('RECONCILED: every count matches');
    for (const check of [
      'apps connect as their domain users',
      'commands answered as expected',
      'events stored = events published',
      'each reaction happened exactly once',
      'dead letters as expected',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`ok +${check}`));
    }
    expect(run.stdout).toMatch(/ {2}order\.placed +20\n/);
    expect(run.stdout).toMatch(/ {2}payment\.captured +8\n/);
    expect(run.stdout).toMatch(/ {2}payment\.refunded +2\n/);

    // And the apps logged in as the domain users, whose passwords are the run's (the broker has their hashes)
    expect(run.stdout).toContain(`${name}_orders: switchyard-api`);
    expect((await management.getUser(`${name}_payments`))?.hashing_algorithm).toBe(
      'rabbit_password_hashing_sha256',
    );

    // And no password appears in the demo's output or in any line an app logged
    const logs = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8'));
    expect(logs.length).toBeGreaterThanOrEqual(3);
    const everything = [run.stdout, run.stderr, ...logs].join('\n');
    expect(everything.length).toBeGreaterThan(1_000);
    for (const pw of Object.values(passwords)) expect(everything).not.toContain(pw);
  }, 240_000);

  it('runs again on the same vhost and database, with passwords it makes itself, and reconciles', async () => {
    const run = await runDemo([...common, '--orders', '5', '--rate', '20', '--log-dir', logDir]);
    expect({ code: run.exit.code, stderr: run.exit.code === 0 ? '' : run.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(run.stdout).toMatch(/ {2}order\.placed +5\n/);
    expect(run.stdout).toContain('RECONCILED');
  }, 240_000);

  it('--clean removes the vhost, the users and the database it made; a bad flag is one line and exit 2', async () => {
    const cleaned = await runDemo([...common, '--clean']);
    expect(cleaned.exit.code).toBe(0);
    expect(cleaned.stdout).toContain(`vhost ${name}`);
    expect(await management.vhostExists(name)).toBe(false);
    expect(await management.getUser(`${name}_orders`)).toBeUndefined();

    const bad = await runDemo(['--orders', 'many']);
    expect(bad.exit.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([
      "demo: option '--orders <n>' argument 'many' is invalid. --orders must be an integer from 1 to 1000000",
    ]);
  }, 120_000);
});
