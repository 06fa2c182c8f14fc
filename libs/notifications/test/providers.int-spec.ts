import { createServer } from 'node:net';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  FcmPushProvider,
  isPermanentProviderError,
  isTransientProviderError,
  PROVIDER_FAKE_ROUTES,
  startProviderFake,
  TwilioSmsProvider,
  type ProviderFake,
} from '@switchyard/notifications';
import { switchyardTracer } from '@switchyard/observability';
import { setupTracing, type Tracing } from '@switchyard/observability/setup';
import { useTestDatabase, waitFor } from '@switchyard/testing';

const CREDENTIALS = {
  fcmAccessToken: 'fcm-test-token',
  twilioAccountSid: 'AC0001',
  twilioAuthToken: 'tw-secret',
};

const database = useTestDatabase('notify_providers');

describe('the HTTP providers against the provider fake (real HTTP on 127.0.0.1, records in MongoDB)', () => {
  let fake: ProviderFake;
  const fcm = (overrides: { accessToken?: string; timeoutMs?: number; baseUrl?: string } = {}) =>
    new FcmPushProvider({
      baseUrl: fake.url,
      projectId: 'demo',
      accessToken: CREDENTIALS.fcmAccessToken,
      timeoutMs: 5_000,
      ...overrides,
    });
  const twilio = (overrides: { authToken?: string; timeoutMs?: number } = {}) =>
    new TwilioSmsProvider({
      baseUrl: fake.url,
      accountSid: CREDENTIALS.twilioAccountSid,
      authToken: CREDENTIALS.twilioAuthToken,
      from: '+15005550006',
      timeoutMs: 5_000,
      ...overrides,
    });
  const caught = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => {
        throw new Error('expected a rejection');
      },
      (e: unknown) => e,
    );

  beforeAll(async () => {
    fake = await startProviderFake({ db: database.db, ...CREDENTIALS });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake?.close();
  });

  it('FCM: sends the v1 message with the bearer token; the fake records it once under its notificationId', async () => {
    const accepted = await fcm().send({
      token: 'device-1',
      title: 'Order placed',
      body: 'Your order o-1 is placed.',
      data: { orderId: 'o-1', notificationId: 'n-1' },
    });
    expect(accepted.providerMessageId).toMatch(/^projects\/demo\/messages\/[0-9a-f-]{36}$/);
    const [doc, ...more] = await fake.store.accepted({ _id: 'fcm:n-1' });
    expect(more).toEqual([]);
    expect(doc).toMatchObject({
      provider: 'fcm',
      recipient: 'device-1',
      title: 'Order placed',
      body: 'Your order o-1 is placed.',
      data: { orderId: 'o-1', notificationId: 'n-1' },
    });
    // The same notificationId again: answered with the same id, counted as a duplicate, not accepted twice
    const again = await fcm().send({
      token: 'device-1',
      title: 't',
      body: 'b',
      data: { notificationId: 'n-1' },
    });
    expect(again.providerMessageId).toBe(accepted.providerMessageId);
    expect(await fake.store.accepted({ _id: 'fcm:n-1' })).toHaveLength(1);
    expect(fake.counters()).toMatchObject({ accepted: { fcm: 1 }, duplicates: { fcm: 1 } });
  });

  it('FCM: an unregistered token is a permanent UNREGISTERED 404 that rejects the recipient', async () => {
    const err = await caught(fcm().send({ token: 'unregistered-1', title: 't', body: 'b' }));
    expect(isPermanentProviderError(err)).toBe(true);
    expect(err).toMatchObject({ providerCode: 'UNREGISTERED', httpStatus: 404, recipientRejected: true });
    const invalid = await caught(fcm().send({ token: 'invalid-1', title: 't', body: 'b' }));
    expect(invalid).toMatchObject({
      providerCode: 'INVALID_ARGUMENT',
      httpStatus: 400,
      recipientRejected: false,
    });
    expect(await fake.store.refused({ recipient: 'unregistered-1' })).toHaveLength(1);
  });

  it('FCM: a 503 burst set over the control endpoint is transient with Retry-After, then the send goes through', async () => {
    const control = await fetch(`${fake.url}/control/fail-next`, {
      method: 'POST',
      body: JSON.stringify({ count: 2, status: 503, retryAfterSeconds: 2, provider: 'fcm' }),
    });
    expect(control.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const err = await caught(fcm().send({ token: 'device-2', title: 't', body: 'b' }));
      expect(isTransientProviderError(err)).toBe(true);
      expect(err).toMatchObject({ providerCode: 'UNAVAILABLE', httpStatus: 503, retryAfterMs: 2000 });
    }
    await expect(fcm().send({ token: 'device-2', title: 't', body: 'b' })).resolves.toHaveProperty(
      'providerMessageId',
    );
    const counters = (await (await fetch(`${fake.url}/control/counters`)).json()) as Record<string, unknown>;
    expect(counters).toMatchObject({ injected: 2, refused: { UNAVAILABLE: 2 }, accepted: { fcm: 1 } });
  });

  it('FCM: a wrong bearer token is refused as permanent, and the token is not echoed', async () => {
    const err = await caught(
      fcm({ accessToken: 'wrong-secret' }).send({ token: 'd', title: 't', body: 'b' }),
    );
    expect(isPermanentProviderError(err)).toBe(true);
    expect(err).toMatchObject({ httpStatus: 401, providerCode: 'THIRD_PARTY_AUTH_ERROR' });
    expect((err as Error).message).not.toContain('wrong-secret');
    expect(fake.counters().unauthorized).toBe(1);
  });

  it('Twilio: sends the form with basic auth; the fake records it', async () => {
    const accepted = await twilio().send({ to: '+4915112345678', body: 'Your order o-9 has shipped.' });
    expect(accepted.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const docs = await fake.store.accepted({ provider: 'twilio', recipient: '+4915112345678' });
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      body: 'Your order o-9 has shipped.',
      providerMessageId: accepted.providerMessageId,
    });
  });

  it('Twilio: 21211 and 21610 are permanent recipient refusals; 429 is transient with Retry-After', async () => {
    expect(await caught(twilio().send({ to: '+15550000001', body: 'x' }))).toMatchObject({
      providerCode: '21211',
      httpStatus: 400,
      recipientRejected: true,
      reason: 'twilio:21211',
    });
    expect(await caught(twilio().send({ to: '+15550000011', body: 'x' }))).toMatchObject({
      providerCode: '21610',
      recipientRejected: true,
    });
    fake.failNext({ count: 1, status: 429, retryAfterSeconds: 3, provider: 'twilio' });
    const err = await caught(twilio().send({ to: '+4915112345678', body: 'y' }));
    expect(isTransientProviderError(err)).toBe(true);
    expect(err).toMatchObject({ providerCode: '20429', httpStatus: 429, retryAfterMs: 3000 });
  });

  it('Twilio: wrong credentials are 20003', async () => {
    expect(
      await caught(twilio({ authToken: 'nope' }).send({ to: '+4915112345678', body: 'x' })),
    ).toMatchObject({
      providerCode: '20003',
      httpStatus: 401,
    });
  });

  it('a slow answer is a transient TIMEOUT; a refused connection a transient NETWORK error', async () => {
    fake.setLatency(1_000);
    const slow = await caught(twilio({ timeoutMs: 100 }).send({ to: '+4915112345678', body: 'slow' }));
    expect(isTransientProviderError(slow)).toBe(true);
    expect(slow).toMatchObject({ providerCode: 'TIMEOUT', httpStatus: undefined });
    fake.setLatency(0);
    const port = await closedPort();
    const refused = await caught(
      fcm({ baseUrl: `http://127.0.0.1:${port}` }).send({ token: 'd', title: 't', body: 'b' }),
    );
    expect(isTransientProviderError(refused)).toBe(true);
    expect(refused).toMatchObject({ providerCode: 'NETWORK' });
  });

  it("an aborted send rejects with the signal's reason, not as a provider error", async () => {
    fake.setLatency(1_000);
    const abort = new AbortController();
    const sending = fcm().send({ token: 'd', title: 't', body: 'b' }, { signal: abort.signal });
    const reason = new Error('visibility timeout');
    setTimeout(() => abort.abort(reason), 50);
    expect(await caught(sending)).toBe(reason);
  });

  it('the control endpoints refuse bad input with a 400 and the reason', async () => {
    const bad = await fetch(`${fake.url}/control/fail-next`, {
      method: 'POST',
      body: '{"count":1,"status":404}',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'status must be 429, 500 or 503' });
    expect((await fetch(`${fake.url}/control/latency`, { method: 'POST', body: '{"ms":-1}' })).status).toBe(
      400,
    );
  });
});

describe('provider requests with tracing set up', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  let fake: ProviderFake | undefined;

  beforeAll(async () => {
    tracing = setupTracing({
      serviceName: 'providers-int',
      exporter: 'none',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    fake = await startProviderFake({ db: database.db, ...CREDENTIALS });
  });
  afterAll(async () => {
    await fake?.close();
    await tracing?.shutdown();
  });

  it('sends each request as a CLIENT span of the active span, which the fake continues as a SERVER span', async () => {
    // Given a push provider, and the fake told to answer the first request with a 503
    const push = new FcmPushProvider({
      baseUrl: fake!.url,
      projectId: 'traced',
      accessToken: CREDENTIALS.fcmAccessToken,
      timeoutMs: 5_000,
    });
    fake!.failNext({ count: 1, status: 503, provider: 'fcm' });

    // When a handler's span sends twice (the 503, then a success)
    const handle = await switchyardTracer().startActiveSpan('handle order.placed', async (span) => {
      try {
        await push.send({ token: 'device-t', title: 't', body: 'b' }).catch(() => undefined);
        await push.send({ token: 'device-t', title: 't', body: 'b' });
        return span;
      } finally {
        span.end();
      }
    });

    // Then two CLIENT spans under it, each with a SERVER span of the fake as its child
    const spans = () => exporter.getFinishedSpans();
    const clients = spans().filter((s) => s.kind === SpanKind.CLIENT);
    expect(clients.map((c) => c.parentSpanContext?.spanId)).toEqual([
      handle.spanContext().spanId,
      handle.spanContext().spanId,
    ]);
    const servers = await waitFor(
      () => {
        const found = spans().filter((s) => s.kind === SpanKind.SERVER);
        return found.length === 2 ? found : undefined;
      },
      { what: "the fake's two SERVER spans", timeoutMs: 10_000 },
    );
    const serverOf = (client: (typeof clients)[number]) =>
      servers.find((s) => s.parentSpanContext?.spanId === client.spanContext().spanId);
    // The 503: an error on both sides
    expect(clients[0]!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 503,
      'switchyard.notification.provider': 'fcm',
      'url.full': `${fake!.url}/v1/projects/traced/messages:send`,
    });
    expect(clients[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(serverOf(clients[0]!)).toMatchObject({
      name: `POST ${PROVIDER_FAKE_ROUTES.fcm}`,
      status: { code: SpanStatusCode.ERROR },
      attributes: expect.objectContaining({ 'http.response.status_code': 503 }) as unknown,
    });
    // The success: no error, the same trace throughout
    expect(clients[1]!.attributes['http.response.status_code']).toBe(200);
    expect(clients[1]!.status.code).toBe(SpanStatusCode.UNSET);
    expect(serverOf(clients[1]!)?.attributes['http.route']).toBe(PROVIDER_FAKE_ROUTES.fcm);
    expect(new Set([...clients, ...servers].map((s) => s.spanContext().traceId))).toEqual(
      new Set([handle.spanContext().traceId]),
    );
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
