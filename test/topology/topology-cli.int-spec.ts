import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { type TopologyModel } from '@switchyard/messaging';
import { useTestVhost } from '@switchyard/testing';
import { deleteUsers, examplePlan, passwordsEnv } from './topology-fixtures';
import { EXAMPLE_TOPOLOGY } from '@switchyard/examples';

const BIN = join(__dirname, '..', '..', 'bin', 'switchyard.js');

/** Runs the `switchyard` bin as a user would; resolves with its exit code and output. */
function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const vhost = useTestVhost('topo_cli');

describe('switchyard topology (CLI)', () => {
  let dir: string;
  const env = passwordsEnv();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-topology-'));
  });

  afterAll(async () => {
    await deleteUsers(examplePlan(vhost.name));
    rmSync(dir, { recursive: true, force: true });
  });

  it('validate exits 1 and names the culprit of a bad model', async () => {
    // Given a model file whose consumer binds to a domain nobody declared
    const bad: TopologyModel = {
      ...EXAMPLE_TOPOLOGY,
      consumers: [
        ...EXAMPLE_TOPOLOGY.consumers,
        { domain: 'orders', purpose: 'audit', bindings: [{ domain: 'shipping', patterns: ['#'] }] },
      ],
    };
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    // When it is validated / Then exit 1 with the culprit on stderr
    const r = await cli(['topology', 'validate', '--model', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'consumer "orders.audit", binding to "shipping": refers to unknown domain "shipping"',
    );
  });

  it('validate loads a .ts model file, prints its warnings and exits 0', async () => {
    // Given a TypeScript model whose second pattern matches nothing
    const file = join(dir, 'billing.topology.ts');
    writeFileSync(
      file,
      `import type { TopologyModel } from '@switchyard/messaging';
export const topology: TopologyModel = {
  domains: [{ name: 'orders', publishes: ['order.placed'] }, { name: 'billing', publishes: [] }],
  consumers: [{ domain: 'billing', purpose: 'orders', bindings: [{ domain: 'orders', patterns: ['order.*', 'refund.#'] }] }],
};
`,
    );
    const r = await cli(['topology', 'validate', '--model', file]);
    expect(r).toMatchObject({ code: 0, stdout: 'topology ok: 5 exchanges, 8 queues, 9 bindings, 2 users\n' });
    expect(r.stderr).toBe(
      'warning: consumer "billing.orders", binding to "orders": pattern "refund.#" on orders.events matches none of orders\'s declared events\n',
    );
  });

  it('apply creates, a second apply changes nothing, and diff exits 0; an extra queue makes diff exit 1', async () => {
    const args = ['--vhost', vhost.name, '--user-prefix', `${vhost.name}_`];
    const first = await cli(['topology', 'apply', ...args], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created   queue      notifications.push');
    expect(first.stdout).toMatch(/apply: \d+ created, 0 updated, \d+ unchanged, 0 conflict, 0 error/);

    const second = await cli(['topology', 'apply', ...args], env);
    expect(second.stdout).toContain('apply: 0 created, 0 updated');

    const clean = await cli(['topology', 'diff', ...args], env);
    expect(clean).toMatchObject({ code: 0, stdout: 'diff: the broker matches the model\n' });

    // Given a queue the model does not declare
    const conn = await amqp.connect(vhost.amqpUrl);
    await (await conn.createChannel()).assertQueue('orders.legacy', { durable: true });
    await conn.close();
    const dirty = await cli(['topology', 'diff', ...args], env);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toBe(`extra     queue      orders.legacy (vhost ${vhost.name})\n`);
    expect(dirty.stderr).toContain('diff: 1 difference(s)');
  });

  it('export writes definitions with hashed passwords; graph writes Mermaid', async () => {
    const file = join(dir, 'definitions.json');
    const exported = await cli(['topology', 'export', '--vhost', vhost.name, '--out', file], env);
    expect(exported.code).toBe(0);
    const defs = JSON.parse(readFileSync(file, 'utf8')) as {
      users: { password_hash: string }[];
      queues: unknown[];
    };
    // 4 unroutable; 6 each (queue, 4 retry tiers, dlq) for payments.orders, orders.payments,
    // notifications.push, .sms, .contacts; 4 partitions and a dlq for reporting.projections
    expect(defs.queues).toHaveLength(39);
    expect(defs.users.every((u) => u.password_hash.length > 0)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('pw-orders-test');

    const graph = await cli(['topology', 'graph']);
    expect(graph.code).toBe(0);
    expect(graph.stdout).toMatch(/^flowchart LR\n/);
    expect(graph.stdout).toContain(
      'x_payments_events -- "payment.authorized<br/>payment.failed" --> q_orders_payments',
    );
  });
});
