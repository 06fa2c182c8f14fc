import amqp from 'amqplib';
import { createTestVhost, testConfig, useTestVhost } from '@switchyard/testing';
import { deleteUsers, drain, examplePlan, passwordsEnv } from './topology-fixtures';
import { applyTopology, diffTopology, type TopologyPlan } from '@switchyard/messaging/topology';

const vhost = useTestVhost('topo_access');

describe('least-privilege domain users generated from the model', () => {
  let plan: TopologyPlan;
  const env = passwordsEnv();

  beforeAll(async () => {
    plan = examplePlan(vhost.name);
    const report = await applyTopology(plan, {
      amqpUrl: testConfig().AMQP_URL,
      management: vhost.management,
      env,
    });
    expect(report.ok).toBe(true);
  });

  afterAll(async () => {
    await deleteUsers(plan);
  });

  /** AMQP URL of the vhost, logged in as one domain's user with the password from the environment. */
  function urlAs(domain: string): string {
    const u = new URL(vhost.amqpUrl);
    u.username = `${vhost.name}_${domain}`;
    u.password = env[`SWITCHYARD_${domain.toUpperCase()}_PASSWORD`]!;
    return u.toString();
  }

  it("refuses orders' credentials publishing to payments.events with ACCESS_REFUSED, and allows orders.events", async () => {
    const conn = await amqp.connect(urlAs('orders'));
    try {
      // Given a confirm channel logged in as orders
      const ch = await conn.createConfirmChannel();
      ch.on('error', () => undefined);
      // When orders publishes to its own exchange, it is confirmed
      ch.publish('orders.events', 'order.placed', Buffer.from('{}'));
      await ch.waitForConfirms();
      // When it publishes to payments' exchange, the broker closes the channel with 403 ACCESS_REFUSED
      const closed = new Promise<Error>((resolve) => ch.once('error', resolve));
      ch.publish('payments.events', 'payment.captured', Buffer.from('{}'));
      const err = (await closed) as Error & { code?: number };
      expect(err.code).toBe(403);
      expect(err.message).toContain('ACCESS_REFUSED');
      expect(err.message).toContain("exchange 'payments.events'");
    } finally {
      await conn.close();
    }
  });

  it('refuses a domain the default exchange (any queue by name), and lets it reach its own DLQ through <domain>.failures', async () => {
    const conn = await amqp.connect(urlAs('orders'));
    try {
      const ch = await conn.createConfirmChannel();
      ch.on('error', () => undefined);
      // Its own failures exchange reaches its own dead-letter queue
      ch.publish('orders.failures', 'orders.payments.dlq', Buffer.from('{}'), { mandatory: true });
      await ch.waitForConfirms();
      // But a publish through the default exchange (e.g. straight into payments' queue) is refused
      const closed = new Promise<Error>((resolve) => ch.once('error', resolve));
      ch.publish('', 'payments.orders', Buffer.from('{}'));
      const err = (await closed) as Error & { code?: number };
      expect(err.code).toBe(403);
      expect(err.message).toContain('ACCESS_REFUSED');
    } finally {
      await conn.close();
    }
    const admin = await amqp.connect(vhost.amqpUrl);
    try {
      expect(await drain(await admin.createChannel(), 'orders.payments.dlq')).toEqual([
        'orders.payments.dlq',
      ]);
    } finally {
      await admin.close();
    }
  });

  it('lets a domain consume only from its own queues', async () => {
    const conn = await amqp.connect(urlAs('orders'));
    try {
      const ch = await conn.createChannel();
      ch.on('error', () => undefined);
      // orders may consume from orders.payments (its own queue)
      await expect(drain(ch, 'orders.payments')).resolves.toEqual(expect.any(Array));
      // but not from payments.orders
      await expect(ch.consume('payments.orders', () => undefined)).rejects.toMatchObject({ code: 403 });
    } finally {
      await conn.close();
    }
  });

  it('never stores the password in clear, and diff sees users and permissions as planned', async () => {
    const user = await vhost.management.getUser(`${vhost.name}_orders`);
    expect(user?.hashing_algorithm).toBe('rabbit_password_hashing_sha256');
    expect(user?.password_hash).not.toContain('pw-orders');
    expect((await diffTopology(plan, vhost.management, { env })).items).toEqual([]);
  });

  it('reports a user whose password variable is unset as an error, naming the variable', async () => {
    const other = examplePlan(`${vhost.name}x`);
    const report = await applyTopology(
      { ...other, vhosts: [], permissions: [], users: other.users.slice(0, 1) },
      { amqpUrl: testConfig().AMQP_URL, management: vhost.management, env: {} },
    );
    expect(report.ok).toBe(false);
    expect(report.items).toEqual([
      {
        kind: 'user',
        name: `${vhost.name}x_orders`,
        outcome: 'error',
        detail: `set SWITCHYARD_ORDERS_PASSWORD to create user "${vhost.name}x_orders"`,
      },
    ]);
  });

  it('reports a vhost the applying user may not use as an error saying how to grant it, instead of crashing', async () => {
    // Given a vhost where the applying user (guest) has no permissions, as after a definitions import
    // (made by hand on purpose: this test takes guest's permissions away from it, then deletes it)
    const bare = await createTestVhost('topo_access_bare');
    try {
      await bare.management.request('DELETE', `/api/permissions/${encodeURIComponent(bare.name)}/guest`);
      // When the example topology is applied to it
      const report = await applyTopology(
        { ...examplePlan(bare.name), users: [], permissions: [] },
        { amqpUrl: testConfig().AMQP_URL, management: bare.management },
      );
      // Then apply reports it and touches nothing there
      expect(report.ok).toBe(false);
      expect(report.items).toEqual([
        expect.objectContaining({
          kind: 'vhost',
          name: bare.name,
          outcome: 'error',
          detail: expect.stringContaining(`rabbitmqctl set_permissions -p '${bare.name}' 'guest'`),
        }),
      ]);
    } finally {
      await bare.delete();
    }
  });
});
