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
  // Secrets the test knows, so it can look for them: the topology's password variables and the
  // provider secrets (the demo takes them from its environment when set, as it does the passwords).
  const passwords = {
    ...Object.fromEntries(
      EXAMPLE_TOPOLOGY.domains.map((d) => [
        topologyNames.passwordEnv(d.name),
        `pw-${randomBytes(12).toString('hex')}`,
      ]),
    ),
    FCM_ACCESS_TOKEN: `fcm-${randomBytes(12).toString('hex')}`,
    TWILIO_AUTH_TOKEN: `twilio-${randomBytes(12).toString('hex')}`,
  };
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
      'each notification accepted by the provider exactly once',
      'dead letters as expected',
      'read models = a recomputation from the store',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`ok +${check}`));
    }
    expect(run.stdout).toMatch(/ {2}order\.placed +20\n/);
    expect(run.stdout).toMatch(/ {2}payment\.captured +8\n/);
    expect(run.stdout).toMatch(/ {2}payment\.refunded +2\n/);

    // And the three read models, built by two projection workers, equal a recomputation from the store
    // and are at its head; the order summary showed the sampled commands
    expect(run.stdout).toContain('3 of 3 live at the head and equal');
    for (const p of ['order-summary', 'customer-orders', 'merchant-daily-totals'])
      expect(run.stdout).toMatch(new RegExp(`\\n {2}${p} +live .* lag 0 events`));
    expect(run.stdout).toMatch(/place → order summary shows it: \d+ ms \/ \d+ ms \/ 20\n/);

    // And the notifications of the 20 orders: per template expected, accepted once by the provider fake,
    // dead-lettered (2 unregistered push tokens, one of them on a shipped order; 2 numbers refused with
    // 21211) and skipped (2 orders without a push token)
    const table = (template: string) =>
      new RegExp(`\\n {2}\\w+ +${template} +(\\d+) +(\\d+) +(\\d+) +(\\d+)\\n`)
        .exec(run.stdout)
        ?.slice(1)
        .map(Number);
    expect(table('order-placed')).toEqual([20, 16, 2, 2]);
    expect(table('payment-captured')).toEqual([8, 7, 1, 0]);
    expect(table('order-shipped')).toEqual([8, 7, 1, 0]);
    expect(table('payment-failed')).toEqual([3, 2, 1, 0]);
    expect(run.stdout).toContain('accepted again: 0; not expected: 0');
    expect(run.stdout).toContain('notifications.sms.dlq  twilio:21211: 2');
    expect(run.stdout).toMatch(/notifications\.push\.dlq {2}fcm:UNREGISTERED: [23]\n/);
    // the 503 burst half-way: every refused request retried, and each notification still accepted once
    expect(run.stdout).toContain('provider 503 burst before order 10: 4 of 4 requests refused');
    expect(run.stdout).toMatch(/sent by worker: notifications-1 \d+, notifications-2 \d+\n/);

    // And the apps logged in as the domain users, whose passwords are the run's (the broker has their hashes)
    expect(run.stdout).toContain(`${name}_orders: switchyard-api`);
    expect(run.stdout).toContain(`${name}_notifications: notifications-worker-notifications-1`);
    expect(run.stdout).toContain(`${name}_notifications: notifications-worker-notifications-2`);
    expect(run.stdout).toContain(`${name}_reporting: switchyard-projections-worker ×2`);
    expect((await management.getUser(`${name}_payments`))?.hashing_algorithm).toBe(
      'rabbit_password_hashing_sha256',
    );

    // And no password appears in the demo's output or in any line an app logged
    const logs = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8'));
    expect(logs.length).toBeGreaterThanOrEqual(6);
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
    expect(run.stdout).toMatch(
      /ok +each notification accepted by the provider exactly once: 9 of 9 accepted once/,
    );
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
