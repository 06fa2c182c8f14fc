import request from 'supertest';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { listeningUrl, spawnApi, type ApiProcess } from './main-process';

const { vhost, database: t } = useTestEnvironment('api_main');

describe('API process (apps/api/src/main.ts)', () => {
  let running: ApiProcess | undefined;

  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    running = undefined;
  });

  it('exits non-zero within 15 s with one line naming MONGO_URL when the database is unreachable', async () => {
    // When the API starts with a database URL nothing listens on
    const started = Date.now();
    running = spawnApi({ MONGO_URL: 'mongodb://127.0.0.1:1', PORT: '0' });
    const { code } = await running.exited;

    // Then it fails fast, with one line saying which variable is wrong
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(code).not.toBe(0);
    const lines = running.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^MONGO_URL: cannot reach 127\.0\.0\.1:1 /);
    expect(running.stdout()).not.toContain('listening');
  });

  it('exits non-zero with one line naming PORT when PORT is not a port number', async () => {
    running = spawnApi({ PORT: 'eighty' });
    const { code } = await running.exited;
    expect(code).not.toBe(0);
    expect(running.stderr().trim().split('\n')).toEqual([
      'PORT is invalid (expected an integer from 0 to 65535): eighty',
    ]);
  });

  describe('against reachable services', () => {
    it('serves orders and /health on the port it prints, and stops cleanly on SIGTERM', async () => {
      // Given the API started on a free port, on this test's vhost and database
      running = spawnApi({
        AMQP_URL: vhost.amqpUrl,
        MONGO_URL: t.mongoUrl,
        MONGO_DATABASE: t.name,
        PORT: '0',
      });
      const url = await listeningUrl(running);

      // When an order is placed over HTTP
      const placed = await request(url)
        .post('/orders')
        .send({
          customerId: 'c-1',
          lines: [{ sku: 'S', quantity: 1, unitPrice: '1.00' }],
          total: '1.00',
          currency: 'EUR',
        })
        .expect(201);

      // Then it is stored in MONGO_DATABASE, and /health is 200 once this process leads the relay
      const orderId = (placed.body as { orderId: string }).orderId;
      expect(await t.db.collection('commits').countDocuments({ stream: `order-${orderId}` })).toBe(1);
      await waitFor(
        async () => {
          const res = await request(url).get('/health');
          return (
            res.status === 200 &&
            (res.body as { details: { outbox: { leader: boolean } } }).details.outbox.leader
          );
        },
        { what: 'the API to lead the outbox relay', timeoutMs: 15_000 },
      );

      // When it gets SIGTERM
      running.child.kill('SIGTERM');

      // Then it closes (Nest re-raises the signal after its shutdown hooks) without an error,
      // having released the relay lease so another replica takes over at once
      expect(await running.exited).toEqual({ code: null, signal: 'SIGTERM' });
      expect(running.stderr()).toBe('');
      const leases = await t.db.collection<{ expiresAt: Date }>('outbox_leases').find({}).toArray();
      expect(leases.length).toBeGreaterThan(0);
      expect(leases.every((l) => l.expiresAt.getTime() <= Date.now())).toBe(true);
    });
  });
});
