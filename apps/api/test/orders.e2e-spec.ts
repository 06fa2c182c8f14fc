import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEFAULT_COMMITS_COLLECTION } from '@switchyard/event-store';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { QueueReader, startApi } from './api-test-kit';

const PLACE_ORDER = {
  customerId: 'c-1',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '5.00' }],
  total: '10.00',
  currency: 'EUR',
};

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

const { vhost, database: t } = useTestEnvironment('api_orders');

describe('API: orders over HTTP, events on the broker', () => {
  let queues: QueueReader;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  async function placeOrder(): Promise<string> {
    const res = await http().post('/orders').send(PLACE_ORDER).expect(201);
    return (res.body as { orderId: string }).orderId;
  }

  beforeAll(async () => {
    queues = await QueueReader.open(vhost, ['payments.orders', 'notifications.push', 'notifications.sms']);
    app = await startApi(vhost, t);
  });

  afterAll(async () => {
    await app?.close();
    await queues?.close();
  });

  it('places, confirms and ships an order, and its events reach payments, push and SMS notifications', async () => {
    // When a customer places an order, in a traced request
    const placed = await http()
      .post('/orders')
      .set('X-Correlation-Id', 'checkout-42')
      .set('traceparent', TRACEPARENT)
      .send({ ...PLACE_ORDER, customerPhone: '+4915112345678', customerPushToken: 'device-token-42' })
      .expect(201);
    expect(placed.headers['x-correlation-id']).toBe('checkout-42');
    const { orderId, revision } = placed.body as { orderId: string; revision: number };
    expect(revision).toBe(0);
    expect(placed.headers.etag).toBe('"0"');

    // And it is confirmed, then shipped with its current revision as If-Match
    await http().post(`/orders/${orderId}/confirm`).expect(200, { orderId, revision: 1 });
    await http()
      .post(`/orders/${orderId}/ship`)
      .set('If-Match', '"1"')
      .send({ carrier: 'DHL', trackingNumber: 'TRK-1' })
      .expect(200, { orderId, revision: 2 });

    // Then GET shows the shipped order at revision 2
    const got = await http().get(`/orders/${orderId}`).expect(200);
    expect(got.body).toMatchObject({
      orderId,
      revision: 2,
      status: 'shipped',
      customerId: 'c-1',
      total: '10.00',
      trackingNumber: 'TRK-1',
    });
    expect(got.headers.etag).toBe('"2"');

    // And the relay published what each domain is bound to
    // (payments takes the placed order, to authorize it, and the shipped one, to capture)
    const payments = await queues.read('payments.orders', 2);
    expect(payments.map((m) => [m.type, m.body.orderId])).toEqual([
      ['order.placed', orderId],
      ['order.shipped', orderId],
    ]);
    const push = await queues.read('notifications.push', 1);
    expect(push.map((m) => [m.type, m.body.orderId])).toEqual([['order.placed', orderId]]);
    // with what notifications need: the device token for the push, the phone for the later SMS
    expect(push[0]!.body).toMatchObject({
      customerPushToken: 'device-token-42',
      customerPhone: '+4915112345678',
    });
    const sms = await queues.read('notifications.sms', 1);
    expect(sms.map((m) => [m.type, m.body.orderId])).toEqual([['order.shipped', orderId]]);
    expect(sms[0]!.body).toMatchObject({ carrier: 'DHL', trackingNumber: 'TRK-1' });

    // And the placed event carries the request's correlation id and trace context; the others got their own
    expect(payments[0]).toMatchObject({
      correlationId: 'checkout-42',
      headers: { traceparent: TRACEPARENT },
    });
    expect(sms[0]!.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an invalid order with 400 naming the failing fields, and stores nothing', async () => {
    // Given the commits stored so far
    const commits = t.db.collection(DEFAULT_COMMITS_COLLECTION);
    const before = await commits.countDocuments({});

    // When an order comes with a bad quantity and no currency
    const res = await http()
      .post('/orders')
      .send({
        ...PLACE_ORDER,
        lines: [{ sku: 'SKU-1', quantity: 0, unitPrice: '5.00' }],
        currency: undefined,
        customerPushToken: '',
        customerPhone: '0151 1234',
      })
      .expect(400);

    // Then the body says which fields, in the API's error shape (the ValidationPipe on the request DTO)
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      code: 'SWITCHYARD_INVALID_REQUEST',
    });
    expect((res.body as { details: { fields: string[] } }).details.fields.sort()).toEqual([
      'currency',
      'customerPhone',
      'customerPushToken',
      'lines.0.quantity',
    ]);
    expect((res.body as { message: string }).message).toContain('lines.0.quantity');
    expect(await commits.countDocuments({})).toBe(before);
  });

  it('refuses a body that is not a JSON object with 400', async () => {
    const res = await http()
      .post('/orders')
      .set('Content-Type', 'application/json')
      .send('[1,2]')
      .expect(400);
    expect(res.body).toMatchObject({ code: 'SWITCHYARD_INVALID_REQUEST', details: { fields: ['body'] } });
  });

  it('answers 409 with expected and actual revisions when If-Match is stale, and changes nothing', async () => {
    // Given an order confirmed by someone else since we read it at revision 0
    const orderId = await placeOrder();
    await http().post(`/orders/${orderId}/confirm`).set('If-Match', '0').expect(200);

    // When we cancel with the revision we read
    const res = await http()
      .post(`/orders/${orderId}/cancel`)
      .set('If-Match', '"0"')
      .send({ reason: 'changed mind' })
      .expect(409);

    // Then the conflict names both revisions, and the order is still confirmed
    expect(res.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'SWITCHYARD_WRONG_EXPECTED_REVISION',
      message: expect.stringContaining('expected revision 0, actual 1'),
      details: { stream: `order-${orderId}`, expectedRevision: 0, actualRevision: 1 },
    });
    await http()
      .get(`/orders/${orderId}`)
      .expect(200)
      .expect((r) => {
        expect(r.body).toMatchObject({ status: 'confirmed', revision: 1 });
      });
  });

  it('answers 409 with the current revision for a stale If-Match on confirm and on ship, and changes nothing', async () => {
    // Given an order read at revision 0, then confirmed by someone else (revision 1)
    const orderId = await placeOrder();
    await http().post(`/orders/${orderId}/confirm`).set('If-Match', '0').expect(200);
    // When we confirm again with the revision we read
    const confirm = await http().post(`/orders/${orderId}/confirm`).set('If-Match', '0').expect(409);
    expect(confirm.body.details).toEqual({
      stream: `order-${orderId}`,
      expectedRevision: 0,
      actualRevision: 1,
    });
    // And when we ship with it
    const ship = await http()
      .post(`/orders/${orderId}/ship`)
      .set('If-Match', '"0"')
      .send({ carrier: 'DHL', trackingNumber: 'T-1' })
      .expect(409);
    expect(ship.body.details).toEqual({ stream: `order-${orderId}`, expectedRevision: 0, actualRevision: 1 });
    // Then the order is still confirmed at revision 1, not shipped
    const now = await http().get(`/orders/${orderId}`).expect(200);
    expect(now.body).toMatchObject({ status: 'confirmed', revision: 1 });
  });

  it('lets exactly one of several concurrent commands with the same If-Match win; the rest get 409', async () => {
    // Given a placed order at revision 0
    const orderId = await placeOrder();

    // When five clients confirm it at once, each with If-Match 0
    const results = await Promise.all(
      Array.from({ length: 5 }, () => http().post(`/orders/${orderId}/confirm`).set('If-Match', '0')),
    );

    // Then one succeeds and four are told about the conflict (or that the order is already confirmed)
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(['SWITCHYARD_WRONG_EXPECTED_REVISION', 'SWITCHYARD_ORDER_TRANSITION']).toContain(
        (r.body as { code: string }).code,
      );
    }
    await http()
      .get(`/orders/${orderId}`)
      .expect(200)
      .expect((r) => {
        expect(r.body).toMatchObject({ status: 'confirmed', revision: 1 });
      });
  });

  it('re-decides concurrent commands without If-Match on fresh state instead of failing them', async () => {
    // Given a placed order
    const orderId = await placeOrder();

    // When five clients cancel it at once, without If-Match
    const results = await Promise.all(
      Array.from({ length: 5 }, () => http().post(`/orders/${orderId}/cancel`).send({ reason: 'duplicate' })),
    );

    // Then all succeed: the losers re-ran on the cancelled order, where cancelling again changes nothing
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.map((r) => (r.body as { revision: number }).revision)).toEqual([1, 1, 1, 1, 1]);
  });

  it('answers 400 in the same error shape for a body that is not JSON', async () => {
    const res = await http()
      .post('/orders')
      .set('Content-Type', 'application/json')
      .send('{"customerId":')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'SWITCHYARD_HTTP_400' });
  });

  it('places an order once per Idempotency-Key, however often and concurrently the request is retried', async () => {
    // When the same request is sent five times at once, then once more
    const send = () => http().post('/orders').set('Idempotency-Key', 'checkout-7').send(PLACE_ORDER);
    const results = [...(await Promise.all(Array.from({ length: 5 }, send))), await send()];

    // Then every answer is the same order at revision 0, and one was the original
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    const { orderId } = results[0]!.body as { orderId: string };

    // And the store holds one order.placed for it
    const commits = t.db.collection(DEFAULT_COMMITS_COLLECTION);
    expect(await commits.countDocuments({ stream: `order-${orderId}` })).toBe(1);
  });

  it('answers 422 when an Idempotency-Key comes back with a different body', async () => {
    await http().post('/orders').set('Idempotency-Key', 'checkout-8').send(PLACE_ORDER).expect(201);
    const res = await http()
      .post('/orders')
      .set('Idempotency-Key', 'checkout-8')
      .send({ ...PLACE_ORDER, total: '99.00' })
      .expect(422);
    expect(res.body).toMatchObject({
      statusCode: 422,
      code: 'SWITCHYARD_IDEMPOTENCY_KEY_REUSED',
      details: { idempotencyKey: 'checkout-8' },
    });
  });

  it('answers 400 for an If-Match that is not a revision', async () => {
    const orderId = await placeOrder();
    const res = await http().post(`/orders/${orderId}/confirm`).set('If-Match', 'yesterday').expect(400);
    expect(res.body).toMatchObject({ code: 'SWITCHYARD_INVALID_REQUEST', details: { fields: ['If-Match'] } });
  });

  it('answers 409 with the domain error when the order state forbids the command', async () => {
    // Given a cancelled order
    const orderId = await placeOrder();
    await http().post(`/orders/${orderId}/cancel`).send({ reason: 'out of stock' }).expect(200);

    // When someone tries to ship it
    const res = await http()
      .post(`/orders/${orderId}/ship`)
      .send({ carrier: 'DHL', trackingNumber: 'TRK-2' })
      .expect(409);

    // Then the transition error comes back, and the order stays cancelled
    expect(res.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'SWITCHYARD_ORDER_TRANSITION',
      message: `order ${orderId}: cannot ship an order that is cancelled`,
      details: { orderId, command: 'ship', status: 'cancelled' },
    });
    await http()
      .get(`/orders/${orderId}`)
      .expect(200)
      .expect((r) => {
        expect(r.body).toMatchObject({ status: 'cancelled', cancelReason: 'out of stock' });
      });
  });

  it('answers 404 for an unknown order, on reads and on commands', async () => {
    const get = await http().get('/orders/no-such-order').expect(404);
    expect(get.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'SWITCHYARD_ORDER_NOT_FOUND',
      message: 'order no-such-order does not exist',
      details: { orderId: 'no-such-order' },
    });
    await http().post('/orders/no-such-order/confirm').expect(404);
  });

  it('reports the database, the broker and the outbox as up on /health', async () => {
    // Given every placed order has been relayed
    await waitFor(
      async () => {
        const res = await http().get('/health');
        return (
          res.status === 200 &&
          (res.body as { details: { outbox: { undispatched: number } } }).details.outbox.undispatched === 0
        );
      },
      { what: 'the outbox to drain', timeoutMs: 15_000 },
    );

    // Then /health is 200 with each indicator and the relay's figures
    const res = await http().get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      error: {},
      details: {
        mongodb: { status: 'up' },
        rabbitmq: { status: 'up', connected: true },
        outbox: { status: 'up', leader: true, undispatched: 0 },
      },
    });
    const outbox = (res.body as { details: { outbox: { lastLagSeconds: number; publishedCommits: number } } })
      .details.outbox;
    expect(outbox.publishedCommits).toBeGreaterThan(0);
    expect(outbox.lastLagSeconds).toBeGreaterThanOrEqual(0);
  });

  it('serves Prometheus metrics with the outbox lag histogram, the parked gauge and process metrics', async () => {
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(/^switchyard_outbox_commit_publish_lag_seconds_count \d+$/m);
    expect(res.text).toContain('switchyard_outbox_undispatched_commits');
    expect(res.text).toMatch(/^switchyard_outbox_parked_commits 0$/m);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });
});
