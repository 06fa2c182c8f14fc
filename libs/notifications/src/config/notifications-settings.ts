import { InvalidConfigError, resolveMongoDatabase } from '@switchyard/config';
import {
  DEFAULT_CLAIM_TTL_MS,
  DEFAULT_PROVIDER_TIMEOUT_MS,
  DEFAULT_PUSH_RATE_PER_SECOND,
  DEFAULT_SMS_RATE_PER_SECOND,
} from '../notifications.constants';

/** FCM's and Twilio's public endpoints: the defaults of `FCM_BASE_URL` and `TWILIO_BASE_URL`. */
export const DEFAULT_FCM_BASE_URL = 'https://fcm.googleapis.com';
export const DEFAULT_TWILIO_BASE_URL = 'https://api.twilio.com';
/** Database of the notification records when `MONGO_DATABASE` is not set (the API's default too). */
export const DEFAULT_NOTIFICATIONS_DATABASE = 'switchyard';

/** Everything the notifications worker reads from its environment, validated. */
export interface NotificationsSettings {
  readonly database: string;
  readonly workerId: string;
  readonly fcm: { readonly baseUrl: string; readonly projectId: string; readonly accessToken: string };
  readonly twilio: {
    readonly baseUrl: string;
    readonly accountSid: string;
    readonly authToken: string;
    readonly from: string;
  };
  readonly pushRatePerSecond: number;
  readonly smsRatePerSecond: number;
  readonly providerTimeoutMs: number;
  readonly claimTtlMs: number;
}

/** The variables, by name (the docs' table). */
export const NOTIFICATIONS_ENV = [
  'MONGO_DATABASE',
  'WORKER_ID',
  'FCM_BASE_URL',
  'FCM_PROJECT_ID',
  'FCM_ACCESS_TOKEN',
  'TWILIO_BASE_URL',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM',
  'PUSH_RATE_PER_SECOND',
  'SMS_RATE_PER_SECOND',
  'PROVIDER_TIMEOUT_MS',
  'NOTIFICATION_CLAIM_TTL_MS',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the notification settings. A missing or malformed variable throws
 * `InvalidConfigError` naming it; a secret's value (`FCM_ACCESS_TOKEN`, `TWILIO_AUTH_TOKEN`) is never in
 * the message.
 */
export function resolveNotificationsSettings(env: Env): NotificationsSettings {
  const database = resolveMongoDatabase(optional(env, 'MONGO_DATABASE'), DEFAULT_NOTIFICATIONS_DATABASE);
  return {
    database,
    workerId: optional(env, 'WORKER_ID') ?? `notifications-${process.pid}`,
    fcm: {
      baseUrl: baseUrl(env, 'FCM_BASE_URL', DEFAULT_FCM_BASE_URL),
      projectId: required(env, 'FCM_PROJECT_ID'),
      accessToken: secret(env, 'FCM_ACCESS_TOKEN'),
    },
    twilio: {
      baseUrl: baseUrl(env, 'TWILIO_BASE_URL', DEFAULT_TWILIO_BASE_URL),
      accountSid: required(env, 'TWILIO_ACCOUNT_SID'),
      authToken: secret(env, 'TWILIO_AUTH_TOKEN'),
      from: required(env, 'TWILIO_FROM'),
    },
    pushRatePerSecond: positive(env, 'PUSH_RATE_PER_SECOND', DEFAULT_PUSH_RATE_PER_SECOND),
    smsRatePerSecond: positive(env, 'SMS_RATE_PER_SECOND', DEFAULT_SMS_RATE_PER_SECOND),
    providerTimeoutMs: positive(env, 'PROVIDER_TIMEOUT_MS', DEFAULT_PROVIDER_TIMEOUT_MS),
    claimTtlMs: positive(env, 'NOTIFICATION_CLAIM_TTL_MS', DEFAULT_CLAIM_TTL_MS),
  };
}

/** The settings for a start-up log line: endpoints and limits, no secret. */
export function describeNotificationsSettings(s: NotificationsSettings): string {
  return (
    `push via ${s.fcm.baseUrl} (project ${s.fcm.projectId}, ${s.pushRatePerSecond}/s), ` +
    `sms via ${s.twilio.baseUrl} (account ${s.twilio.accountSid}, ${s.smsRatePerSecond}/s), ` +
    `timeout ${s.providerTimeoutMs} ms`
  );
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new InvalidConfigError(name, '', 'required, not set');
  return value;
}

function secret(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new InvalidConfigError(name, '(not shown)', 'required secret, not set');
  return value;
}

function baseUrl(env: Env, name: string, fallback: string): string {
  const value = optional(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidConfigError(name, value, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidConfigError(name, value, 'expected http: or https:');
  }
  if (url.username || url.password) {
    throw new InvalidConfigError(
      name,
      `${url.protocol}//***@${url.host}`,
      'credentials go in their own variables',
    );
  }
  return value.replace(/\/+$/, '');
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidConfigError(name, raw, 'expected a number > 0');
  return value;
}
