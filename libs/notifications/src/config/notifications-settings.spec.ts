import { isInvalidConfigError } from '@switchyard/config';
import { DEFAULT_PUSH_RATE_PER_SECOND } from '../notifications.constants';
import { describeNotificationsSettings, resolveNotificationsSettings } from './notifications-settings';

const complete = {
  FCM_PROJECT_ID: 'demo-project',
  FCM_ACCESS_TOKEN: 'fcm-secret-token',
  TWILIO_ACCOUNT_SID: 'AC123',
  TWILIO_AUTH_TOKEN: 'twilio-secret-token',
  TWILIO_FROM: '+15005550006',
};

describe('resolveNotificationsSettings', () => {
  it('takes the public endpoints and the default rates when only the credentials are set', () => {
    const s = resolveNotificationsSettings(complete);
    expect(s.fcm).toEqual({
      baseUrl: 'https://fcm.googleapis.com',
      projectId: 'demo-project',
      accessToken: 'fcm-secret-token',
    });
    expect(s.twilio.baseUrl).toBe('https://api.twilio.com');
    expect(s.pushRatePerSecond).toBe(DEFAULT_PUSH_RATE_PER_SECOND);
    expect(s.database).toBe('switchyard');
  });

  it('reads base URLs (trailing slash dropped) and rates', () => {
    const s = resolveNotificationsSettings({
      ...complete,
      FCM_BASE_URL: 'http://127.0.0.1:4010/',
      TWILIO_BASE_URL: 'http://127.0.0.1:4010',
      SMS_RATE_PER_SECOND: '2.5',
    });
    expect(s.fcm.baseUrl).toBe('http://127.0.0.1:4010');
    expect(s.smsRatePerSecond).toBe(2.5);
  });

  it.each([
    ['FCM_PROJECT_ID', { FCM_PROJECT_ID: '' }],
    ['TWILIO_FROM', { TWILIO_FROM: undefined }],
    ['FCM_BASE_URL', { FCM_BASE_URL: 'ftp://x' }],
    ['TWILIO_BASE_URL', { TWILIO_BASE_URL: 'not a url' }],
    ['PUSH_RATE_PER_SECOND', { PUSH_RATE_PER_SECOND: '0' }],
    ['PROVIDER_TIMEOUT_MS', { PROVIDER_TIMEOUT_MS: 'fast' }],
  ])('names %s when it is missing or malformed', (variable, override) => {
    try {
      resolveNotificationsSettings({ ...complete, ...override });
      throw new Error('expected a throw');
    } catch (err) {
      expect(isInvalidConfigError(err) && err.variable).toBe(variable);
    }
  });

  it('never puts a secret in an error or in the description', () => {
    for (const name of ['FCM_ACCESS_TOKEN', 'TWILIO_AUTH_TOKEN']) {
      expect(() => resolveNotificationsSettings({ ...complete, [name]: ' ' })).toThrow(
        new RegExp(`^${name} is invalid`),
      );
    }
    expect(() =>
      resolveNotificationsSettings({ ...complete, FCM_BASE_URL: 'https://user:hunter2@fcm.example' }),
    ).toThrow(/^FCM_BASE_URL is invalid \(credentials go in their own variables\)/);
    try {
      resolveNotificationsSettings({ ...complete, FCM_BASE_URL: 'https://user:hunter2@fcm.example' });
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('hunter2');
    }
    const text = describeNotificationsSettings(resolveNotificationsSettings(complete));
    expect(text).not.toContain('secret');
    expect(text).toContain('demo-project');
  });
});
