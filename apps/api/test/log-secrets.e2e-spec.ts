import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { rabbitPasswordHash } from '@switchyard/messaging/topology';
import { useTestEnvironment, type ManagedTestDatabase } from '@switchyard/testing';
import { listeningUrl, spawnApi, type ApiProcess } from './main-process';

const secret = (label: string) => `${label}${randomBytes(12).toString('hex')}`;

/**
 * Credentials for the test database in MONGO_URL: FerretDB takes PLAIN credentials and hands them to
 * PostgreSQL (which trusts local connections here); a real MongoDB gets a user in the test database.
 */
async function mongoUrlWithPassword(t: ManagedTestDatabase, password: string): Promise<string> {
  const url = new URL(t.mongoUrl);
  const info = await t.db.admin().command({ buildInfo: 1 });
  if ('ferretdbVersion' in info) {
    url.username = 'postgres';
    url.searchParams.set('authMechanism', 'PLAIN');
  } else {
    await t.db.command({
      createUser: 'sy_log_test',
      pwd: password,
      roles: [{ role: 'readWrite', db: t.name }],
    });
    url.username = 'sy_log_test';
    url.searchParams.set('authSource', t.name);
  }
  url.password = password;
  return url.toString();
}

const env = useTestEnvironment('api_log_secrets');

describe('API logs (apps/api/src/main.ts): structured, and no secret in any line', () => {
  let api: ApiProcess | undefined;
  const amqpUser = `sy_log_${randomBytes(4).toString('hex')}`;
  const secrets = {
    amqpPassword: secret('amqp'),
    mongoPassword: secret('mongo'),
    managementPassword: secret('mgmt'),
    bearer: secret('bearer'),
    basic: Buffer.from(`alice:${secret('basic')}`).toString('base64'),
    cookie: secret('cookie'),
    queryToken: secret('query'),
  };

  beforeAll(async () => {
    await env.vhost.management.putUser(amqpUser, rabbitPasswordHash(secrets.amqpPassword));
    await env.vhost.management.putPermission(env.vhost.name, amqpUser, {
      configure: '.*',
      write: '.*',
      read: '.*',
    });
  });

  afterAll(async () => {
    if (api && api.child.exitCode === null && api.child.signalCode === null) {
      api.child.kill('SIGKILL');
      await api.exited;
    }
    // Before the environment's own teardown removes the vhost and the database
    await env.vhost.management.deleteUser(amqpUser);
    await env.database.db.command({ dropAllUsersFromDatabase: 1 }).catch(() => undefined);
  });

  it('writes JSON lines with the request’s correlation and trace ids, and none of the credentials it was given', async () => {
    // Given the API started with passwords in its URLs, logging everything
    const amqpUrl = new URL(env.amqpUrl);
    amqpUrl.username = amqpUser;
    amqpUrl.password = secrets.amqpPassword;
    api = spawnApi({
      AMQP_URL: amqpUrl.toString(),
      MONGO_URL: await mongoUrlWithPassword(env.database, secrets.mongoPassword),
      MONGO_DATABASE: env.database.name,
      RABBITMQ_MANAGEMENT_URL: `http://guest:${secrets.managementPassword}@127.0.0.1:15672`,
      PORT: '0',
      LOG_LEVEL: 'trace',
      LOG_FORMAT: 'json',
    });
    const url = await listeningUrl(api);

    // When requests come with credentials in their headers and URL
    await request(url)
      .post(`/orders?token=${secrets.queryToken}`)
      .set('Authorization', `Bearer ${secrets.bearer}`)
      .set('Cookie', `session=${secrets.cookie}`)
      .set('X-Correlation-Id', 'checkout-7')
      .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
      .send({
        customerId: 'c-1',
        lines: [{ sku: 'S', quantity: 1, unitPrice: '1.00' }],
        total: '1.00',
        currency: 'EUR',
      })
      .expect(201);
    await request(url).get('/orders/nope').set('Authorization', `Basic ${secrets.basic}`).expect(404);
    api.child.kill('SIGTERM');
    await api.exited;

    // Then every line on stdout is a JSON object naming the app, stderr is empty
    const lines = api.stdout().trim().split('\n');
    const logs = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      logs.every((l) => l.app === 'api' && typeof l.level === 'string' && typeof l.msg === 'string'),
    ).toBe(true);
    expect(api.stderr()).toBe('');

    // And the request lines carry the correlation and trace ids, with the secret headers redacted
    const placed = logs.find(
      (l) => l.msg === 'request completed' && (l.res as { statusCode: number }).statusCode === 201,
    );
    expect(placed).toMatchObject({
      correlationId: 'checkout-7',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      req: { headers: { authorization: '[Redacted]', cookie: '[Redacted]' } },
    });
    expect((placed!.req as { url: string }).url).toBe('/orders?token=[Redacted]');

    // And no secret appears in any line, in any form
    const output = api.stdout() + api.stderr();
    for (const [what, value] of Object.entries(secrets)) {
      expect({ what, found: output.includes(value) }).toEqual({ what, found: false });
    }
  });
});
