import { randomBytes } from 'node:crypto';

/** What the notification workers send to the providers and the provider fake accepts. */
export interface ProviderCredentials {
  readonly fcmProjectId: string;
  /** Secret: the FCM bearer token. */
  readonly fcmAccessToken: string;
  readonly twilioAccountSid: string;
  /** Secret: the Twilio auth token. */
  readonly twilioAuthToken: string;
  readonly twilioFrom: string;
}

/** The provider secrets' variables: blanked for every other app, never printed. */
export const PROVIDER_SECRET_VARIABLES = ['FCM_ACCESS_TOKEN', 'TWILIO_AUTH_TOKEN'] as const;

/**
 * The provider credentials of one run: the secrets are 192 random bits each, or the demo's own
 * `FCM_ACCESS_TOKEN` / `TWILIO_AUTH_TOKEN` when set (as a test does, to look for them in the output). As
 * the domain passwords, they reach the fake and the workers only as environment variables.
 */
export function demoProviderCredentials(
  env: Readonly<Record<string, string | undefined>>,
): ProviderCredentials {
  const secret = (name: (typeof PROVIDER_SECRET_VARIABLES)[number]) =>
    env[name] || randomBytes(24).toString('base64url');
  return {
    fcmProjectId: 'switchyard-demo',
    fcmAccessToken: secret('FCM_ACCESS_TOKEN'),
    twilioAccountSid: `AC${randomBytes(16).toString('hex')}`,
    twilioAuthToken: secret('TWILIO_AUTH_TOKEN'),
    // Twilio's test number that is always a valid sender.
    twilioFrom: '+15005550006',
  };
}
