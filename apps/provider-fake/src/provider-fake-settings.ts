import { InvalidConfigError, validateSwitchyardConfig } from '@switchyard/config';
import { DEFAULT_NOTIFICATIONS_DATABASE } from '@switchyard/notifications';
import { DEFAULT_PROVIDER_FAKE_HOST, DEFAULT_PROVIDER_FAKE_PORT } from './provider-fake-app.constants';

/** Where the fake listens and records, and the credentials it accepts. */
export interface ProviderFakeSettings {
  readonly mongoUrl: string;
  readonly database: string;
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  readonly fcmAccessToken: string;
  readonly twilioAccountSid: string;
  readonly twilioAuthToken: string;
}

/**
 * Reads the environment: MONGO_URL (as every Switchyard app), MONGO_DATABASE (default
 * `DEFAULT_NOTIFICATIONS_DATABASE`), PROVIDER_FAKE_PORT (default 4010, 0 = any free port),
 * PROVIDER_FAKE_HOST (default 127.0.0.1), and the credentials it accepts: FCM_ACCESS_TOKEN,
 * TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN.
 * @throws InvalidConfigError naming the variable at fault (a secret's value never shown)
 */
export function resolveProviderFakeSettings(env: NodeJS.ProcessEnv): ProviderFakeSettings {
  const { MONGO_URL } = validateSwitchyardConfig(env);
  const port = parsePort(env.PROVIDER_FAKE_PORT);
  const required = (name: string, secret = false): string => {
    const value = env[name]?.trim();
    if (!value) throw new InvalidConfigError(name, secret ? '(not shown)' : '', 'required, not set');
    return value;
  };
  return {
    mongoUrl: MONGO_URL,
    database: env.MONGO_DATABASE?.trim() || DEFAULT_NOTIFICATIONS_DATABASE,
    host: env.PROVIDER_FAKE_HOST?.trim() || DEFAULT_PROVIDER_FAKE_HOST,
    port,
    fcmAccessToken: required('FCM_ACCESS_TOKEN', true),
    twilioAccountSid: required('TWILIO_ACCOUNT_SID'),
    twilioAuthToken: required('TWILIO_AUTH_TOKEN', true),
  };
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PROVIDER_FAKE_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port > 65_535) {
    throw new InvalidConfigError('PROVIDER_FAKE_PORT', raw, 'expected an integer from 0 to 65535');
  }
  return port;
}
