import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from 'mongodb';
import {
  fcmError,
  fcmRecipientRule,
  injectedFailure,
  twilioError,
  twilioRecipientRule,
  type FakeRefusal,
} from './provider-fake-rules';
import { withProviderFakeSpan } from './provider-fake-span';
import { fakeNotificationKey, ProviderFakeStore } from './provider-fake-store';

/** How the fake starts: where it records, whom it lets in, where it listens. */
export interface ProviderFakeOptions {
  readonly db: Db;
  /** The bearer token FCM requests must carry. */
  readonly fcmAccessToken: string;
  /** Basic auth of Twilio requests: the account SID (also the one in the path) and its auth token. */
  readonly twilioAccountSid: string;
  readonly twilioAuthToken: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
}

/** Failures to inject into the next requests. */
export interface FailNext {
  /** How many of the next requests fail. */
  readonly count: number;
  /** @default 503 */
  readonly status?: 429 | 500 | 503;
  /** Sent as `Retry-After` (seconds) when set. @default 1 */
  readonly retryAfterSeconds?: number;
  /** Which API's requests fail. @default 'any' */
  readonly provider?: 'fcm' | 'twilio' | 'any';
}

/** What the fake has seen since it started (or was reset), per provider. */
export interface ProviderFakeCounters {
  readonly requests: Record<'fcm' | 'twilio', number>;
  readonly accepted: Record<'fcm' | 'twilio', number>;
  /** Accepted requests for a notification key accepted before (see the store). */
  readonly duplicates: Record<'fcm' | 'twilio', number>;
  /** Refused requests by provider code (`UNREGISTERED`, `21211`, `UNAVAILABLE`, ...). */
  readonly refused: Record<string, number>;
  /** Requests answered with an injected failure. */
  readonly injected: number;
  readonly unauthorized: number;
}

type Provider = 'fcm' | 'twilio';
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A local stand-in for FCM HTTP v1 and Twilio Messages on one HTTP server, for the demo and the tests:
 * checks credentials, applies the recipient rules (`provider-fake-rules.ts`), records every accepted
 * notification in MongoDB (`provider_fake_accepted`, one document per notification key) and every refused
 * request, and can be told (in process, or over `/control/*`) to add latency or fail the next N requests
 * with a 429/500/503 and `Retry-After`. Each request is a SERVER span, child of the caller's `traceparent`
 * (`provider-fake-span.ts`). Start it with {@link startProviderFake}.
 */
export class ProviderFake {
  readonly store: ProviderFakeStore;
  private latencyMs = 0;
  private failures: Required<FailNext> | undefined;
  private counts: Mutable<ProviderFakeCounters> = emptyCounters();

  constructor(
    private readonly options: ProviderFakeOptions,
    private readonly server: Server,
  ) {
    this.store = new ProviderFakeStore(options.db);
  }

  /** `http://host:port`: the base URL of both APIs (FCM_BASE_URL and TWILIO_BASE_URL). */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
  }

  /** Every later answer waits this long first. */
  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  /** The next `count` requests (of `provider`) fail with `status` and `Retry-After`. */
  failNext(failure: FailNext): void {
    this.failures = {
      count: failure.count,
      status: failure.status ?? 503,
      retryAfterSeconds: failure.retryAfterSeconds ?? 1,
      provider: failure.provider ?? 'any',
    };
  }

  counters(): ProviderFakeCounters {
    return structuredClone(this.counts);
  }

  /** Counters to zero, no latency, no pending failures (the records in MongoDB stay). */
  reset(): void {
    this.counts = emptyCounters();
    this.latencyMs = 0;
    this.failures = undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  /** @internal the request handler */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const body = await readBody(req);
    if (path.startsWith('/control/') || path === '/health')
      return this.control(req.method ?? 'GET', path, body, res);
    if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
    const fcm = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path);
    if (fcm) return this.fcm(decodeURIComponent(fcm[1]!), req, body, res);
    const twilio = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (twilio) return this.twilio(decodeURIComponent(twilio[1]!), req, body, res);
    return send(res, 404, { error: `no such endpoint: ${path}` });
  }

  private async fcm(project: string, req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    this.counts.requests.fcm += 1;
    await this.delay();
    if (!sameSecret(req.headers.authorization, `Bearer ${this.options.fcmAccessToken}`)) {
      this.counts.unauthorized += 1;
      return this.refuse(
        res,
        'fcm',
        '',
        fcmError(
          401,
          'UNAUTHENTICATED',
          'THIRD_PARTY_AUTH_ERROR',
          'Request had invalid authentication credentials.',
        ),
      );
    }
    const message = parseFcmMessage(raw);
    if (typeof message === 'string') {
      return this.refuse(res, 'fcm', '', fcmError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', message));
    }
    const injected = this.injected('fcm');
    if (injected) return this.refuse(res, 'fcm', message.token, injected);
    const refusal = fcmRecipientRule(message.token);
    if (refusal) return this.refuse(res, 'fcm', message.token, refusal);
    const id = randomUUID();
    const accepted = await this.store.accept({
      _id: fakeNotificationKey('fcm', message.token, message.body, message.data?.notificationId, id),
      provider: 'fcm',
      providerMessageId: `projects/${project}/messages/${id}`,
      recipient: message.token,
      title: message.title,
      body: message.body,
      data: message.data,
      acceptedAt: new Date(),
    });
    this.count('fcm', accepted.duplicate);
    return send(res, 200, { name: accepted.providerMessageId });
  }

  private async twilio(sid: string, req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    this.counts.requests.twilio += 1;
    await this.delay();
    const expected = `Basic ${Buffer.from(`${this.options.twilioAccountSid}:${this.options.twilioAuthToken}`).toString('base64')}`;
    if (!sameSecret(req.headers.authorization, expected)) {
      this.counts.unauthorized += 1;
      return this.refuse(res, 'twilio', '', twilioError(401, 20003, 'Authenticate'));
    }
    if (sid !== this.options.twilioAccountSid) {
      return this.refuse(res, 'twilio', '', twilioError(404, 20404, 'The requested resource was not found'));
    }
    const form = new URLSearchParams(raw);
    const [to, from, text] = [form.get('To'), form.get('From'), form.get('Body')];
    if (!to)
      return this.refuse(res, 'twilio', '', twilioError(400, 21604, "A 'To' phone number is required."));
    if (!from)
      return this.refuse(res, 'twilio', to, twilioError(400, 21603, "A 'From' phone number is required."));
    if (!text) return this.refuse(res, 'twilio', to, twilioError(400, 21602, 'Message body is required.'));
    const injected = this.injected('twilio');
    if (injected) return this.refuse(res, 'twilio', to, injected);
    const refusal = twilioRecipientRule(to);
    if (refusal) return this.refuse(res, 'twilio', to, refusal);
    const messageSid = `SM${randomBytes(16).toString('hex')}`;
    const accepted = await this.store.accept({
      _id: fakeNotificationKey('twilio', to, text, undefined, messageSid),
      provider: 'twilio',
      providerMessageId: messageSid,
      recipient: to,
      body: text,
      acceptedAt: new Date(),
    });
    this.count('twilio', accepted.duplicate);
    // Twilio takes no idempotency key: a second request is a second SMS, with its own sid.
    return send(res, 201, {
      sid: messageSid,
      account_sid: sid,
      to,
      from,
      body: text,
      status: 'queued',
      date_created: new Date().toUTCString(),
    });
  }

  private async control(method: string, path: string, raw: string, res: ServerResponse): Promise<void> {
    if (path === '/health') return send(res, 200, { status: 'ok' });
    if (method === 'GET' && path === '/control/counters') return send(res, 200, this.counters());
    if (method !== 'POST') return send(res, 405, { error: 'method not allowed' });
    let body: Record<string, unknown>;
    try {
      body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      return send(res, 400, { error: 'the body must be JSON' });
    }
    if (path === '/control/reset') {
      this.reset();
      return send(res, 200, { ok: true });
    }
    if (path === '/control/latency') {
      if (typeof body.ms !== 'number' || body.ms < 0)
        return send(res, 400, { error: 'ms must be a number >= 0' });
      this.setLatency(body.ms);
      return send(res, 200, { latencyMs: this.latencyMs });
    }
    if (path === '/control/fail-next') {
      const { count, status, retryAfterSeconds, provider } = body;
      if (typeof count !== 'number' || count < 0)
        return send(res, 400, { error: 'count must be a number >= 0' });
      if (status !== undefined && status !== 429 && status !== 500 && status !== 503)
        return send(res, 400, { error: 'status must be 429, 500 or 503' });
      if (provider !== undefined && provider !== 'fcm' && provider !== 'twilio' && provider !== 'any')
        return send(res, 400, { error: "provider must be 'fcm', 'twilio' or 'any'" });
      if (retryAfterSeconds !== undefined && (typeof retryAfterSeconds !== 'number' || retryAfterSeconds < 0))
        return send(res, 400, { error: 'retryAfterSeconds must be a number >= 0' });
      this.failNext({ count, status, retryAfterSeconds, provider } as FailNext);
      return send(res, 200, { failNext: this.failures });
    }
    return send(res, 404, { error: `no such control: ${path}` });
  }

  private injected(provider: Provider): FakeRefusal | undefined {
    const f = this.failures;
    if (!f || f.count <= 0 || (f.provider !== 'any' && f.provider !== provider)) return undefined;
    this.failures = { ...f, count: f.count - 1 };
    this.counts.injected += 1;
    return injectedFailure(provider, f.status, f.retryAfterSeconds);
  }

  private async refuse(res: ServerResponse, provider: Provider, recipient: string, refusal: FakeRefusal) {
    this.counts.refused[refusal.code] = (this.counts.refused[refusal.code] ?? 0) + 1;
    await this.store.refuse({ provider, recipient, status: refusal.status, code: refusal.code });
    const headers: Record<string, string> =
      refusal.retryAfterSeconds === undefined ? {} : { 'retry-after': String(refusal.retryAfterSeconds) };
    send(res, refusal.status, refusal.body, headers);
  }

  private count(provider: Provider, duplicate: boolean): void {
    this.counts.accepted[provider] += duplicate ? 0 : 1;
    this.counts.duplicates[provider] += duplicate ? 1 : 0;
  }

  private async delay(): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
  }
}

/** Starts the fake; resolves once it listens (read `url`). */
export async function startProviderFake(options: ProviderFakeOptions): Promise<ProviderFake> {
  const server = createServer();
  const fake = new ProviderFake(options, server);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    withProviderFakeSpan(req, res, () => fake.handle(req, res)).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `provider fake failed: ${String(err)}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return fake;
}

interface FcmMessage {
  readonly token: string;
  readonly title?: string;
  readonly body: string;
  readonly data?: Record<string, string>;
}

/** The `message` of an FCM request, or what is wrong with it. */
function parseFcmMessage(raw: string): FcmMessage | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'Invalid JSON payload received.';
  }
  const message = (parsed as { message?: Record<string, unknown> } | null)?.message;
  if (typeof message !== 'object' || message === null) return 'Invalid JSON payload: message is required.';
  if (typeof message.token !== 'string')
    return 'Invalid value at message.token: a registration token is required.';
  const notification = message.notification as { title?: unknown; body?: unknown } | undefined;
  if (notification !== undefined && (typeof notification !== 'object' || notification === null))
    return 'Invalid value at message.notification.';
  const data = message.data as Record<string, unknown> | undefined;
  if (data !== undefined) {
    if (typeof data !== 'object' || data === null) return 'Invalid value at message.data.';
    for (const [k, v] of Object.entries(data))
      if (typeof v !== 'string') return `Invalid value at 'message.data[${k}].value' (TYPE_STRING)`;
  }
  return {
    token: message.token,
    title: typeof notification?.title === 'string' ? notification.title : undefined,
    body: typeof notification?.body === 'string' ? notification.body : '',
    data: data as Record<string, string> | undefined,
  };
}

function emptyCounters(): Mutable<ProviderFakeCounters> {
  return {
    requests: { fcm: 0, twilio: 0 },
    accepted: { fcm: 0, twilio: 0 },
    duplicates: { fcm: 0, twilio: 0 },
    refused: {},
    injected: 0,
    unauthorized: 0,
  };
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
