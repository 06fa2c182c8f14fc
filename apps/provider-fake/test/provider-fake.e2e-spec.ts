import { join } from 'node:path';
import { FAKE_ACCEPTED_COLLECTION } from '@switchyard/notifications';
import { spawnApp, useTestDatabase, type AppProcess } from '@switchyard/testing';

const ROOT = join(__dirname, '..', '..', '..');
const ENTRY = 'apps/provider-fake/src/main.ts';
const SECRETS = { FCM_ACCESS_TOKEN: 'fake-fcm-secret', TWILIO_AUTH_TOKEN: 'fake-twilio-secret' };

const database = useTestDatabase('notify_fake_app');

/** The app's log lines (JSON, one per line). */
const logLines = (app: AppProcess): Record<string, unknown>[] =>
  app
    .output()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('apps/provider-fake as its own process', () => {
  let app: AppProcess | undefined;

  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  const start = (env: Record<string, string>, readyLine: string | null = 'provider-fake ready') =>
    spawnApp(ENTRY, {
      cwd: ROOT,
      nodeArgs: ['-r', './scripts/register.js'],
      readyLine,
      readyTimeoutMs: 40_000,
      env: { MONGO_DATABASE: database.name, PROVIDER_FAKE_PORT: '0', LOG_FORMAT: 'json', ...env },
    });

  it('logs its URL and a ready line, takes both APIs with their credentials, records, stops on SIGTERM', async () => {
    app = await start({ ...SECRETS, TWILIO_ACCOUNT_SID: 'AC42' });
    const url = logLines(app)
      .map((l) => /^provider-fake listening on (http:\/\/\S+)$/.exec(String(l.msg))?.[1])
      .find(Boolean)!;
    const push = await fetch(`${url}/v1/projects/p/messages:send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRETS.FCM_ACCESS_TOKEN}` },
      body: JSON.stringify({
        message: {
          token: 'device',
          notification: { title: 't', body: 'b' },
          data: { notificationId: 'n-1' },
        },
      }),
    });
    expect(push.status).toBe(200);
    const sms = await fetch(`${url}/2010-04-01/Accounts/AC42/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`AC42:${SECRETS.TWILIO_AUTH_TOKEN}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: '+4915112345678', From: '+15005550006', Body: 'hello' }).toString(),
    });
    expect(sms.status).toBe(201);
    expect(await (await fetch(`${url}/control/counters`)).json()).toMatchObject({
      accepted: { fcm: 1, twilio: 1 },
    });
    const recorded = await database.db.collection(FAKE_ACCEPTED_COLLECTION).find({}).toArray();
    expect(recorded.map((d) => d.provider).sort()).toEqual(['fcm', 'twilio']);

    const exit = await app.stop('SIGTERM');
    expect(exit.code).toBe(0);
    // Every line structured (JSON, naming the app), the last one saying it stopped
    const lines = logLines(app);
    expect(lines.every((l) => l.app === 'provider-fake' && typeof l.level === 'string')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'provider-fake stopped on SIGTERM' });
    for (const secret of Object.values(SECRETS)) expect(app.output()).not.toContain(secret);
  });

  it('refuses to start without a credential: one line naming it, exit code 1, no secret', async () => {
    app = await start(
      { FCM_ACCESS_TOKEN: SECRETS.FCM_ACCESS_TOKEN, TWILIO_ACCOUNT_SID: 'AC42', TWILIO_AUTH_TOKEN: '' },
      null,
    );
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(app.output().trim()).toBe('TWILIO_AUTH_TOKEN is invalid (required, not set): (not shown)');
  });

  it('sets up tracing at start: an OTLP exporter it cannot build is refused in one line', async () => {
    app = await start({ ...SECRETS, TWILIO_ACCOUNT_SID: 'AC42', OTEL_TRACES_EXPORTER: 'otlp' }, null);
    expect((await app.exited).code).toBe(1);
    expect(app.output().trim()).toMatch(/^OTEL_TRACES_EXPORTER is invalid \(console or none; .*\): otlp$/);
  });
});
