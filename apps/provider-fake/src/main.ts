import { InvalidConfigError, runMain, validateSwitchyardConfig } from '@switchyard/config';
import { connectMongo } from '@switchyard/mongodb';
import { DEFAULT_NOTIFICATIONS_DATABASE, startProviderFake } from '@switchyard/notifications';

/** Port of the fake when `PROVIDER_FAKE_PORT` is not set. */
const DEFAULT_PROVIDER_FAKE_PORT = 4010;

// node -r ./scripts/register.js apps/provider-fake/src/main.ts
// Env: PROVIDER_FAKE_PORT (default 4010, 0 = any free port), PROVIDER_FAKE_HOST (127.0.0.1), MONGO_URL,
// MONGO_DATABASE, and the credentials it accepts: FCM_ACCESS_TOKEN, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN.
runMain(async () => {
  const env = process.env;
  const { MONGO_URL } = validateSwitchyardConfig(env);
  const port = parsePort(env.PROVIDER_FAKE_PORT);
  const required = (name: string, secret = false): string => {
    const value = env[name]?.trim();
    if (!value) throw new InvalidConfigError(name, secret ? '(not shown)' : '', 'required, not set');
    return value;
  };
  const fcmAccessToken = required('FCM_ACCESS_TOKEN', true);
  const twilioAccountSid = required('TWILIO_ACCOUNT_SID');
  const twilioAuthToken = required('TWILIO_AUTH_TOKEN', true);
  const database = await connectMongo({
    mongoUrl: MONGO_URL,
    database: env.MONGO_DATABASE?.trim() || DEFAULT_NOTIFICATIONS_DATABASE,
  });
  const fake = await startProviderFake({
    db: database.db,
    fcmAccessToken,
    twilioAccountSid,
    twilioAuthToken,
    host: env.PROVIDER_FAKE_HOST?.trim() || '127.0.0.1',
    port,
  });
  const stop = (signal: NodeJS.Signals): void => {
    void fake
      .close()
      .then(() => database.close())
      .then(() => {
        process.stdout.write(`provider-fake stopped on ${signal}\n`);
        process.exit(0);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`provider-fake listening on ${fake.url}\nprovider-fake ready\n`);
});

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PROVIDER_FAKE_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port > 65_535) {
    throw new InvalidConfigError('PROVIDER_FAKE_PORT', raw, 'expected an integer from 0 to 65535');
  }
  return port;
}
