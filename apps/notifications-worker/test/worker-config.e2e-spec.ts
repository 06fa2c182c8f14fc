import { join } from 'node:path';
import { spawnApp, type AppProcess } from '@switchyard/testing';

const ROOT = join(__dirname, '..', '..', '..');

describe('notifications-worker configuration', () => {
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop();
  });

  it('refuses to start with a bad or missing variable: one line naming it, exit code 1, no secret', async () => {
    app = await spawnApp('apps/notifications-worker/src/main.ts', {
      cwd: ROOT,
      nodeArgs: ['-r', './scripts/register.js'],
      readyLine: null,
      env: {
        FCM_PROJECT_ID: 'p',
        FCM_ACCESS_TOKEN: 'worker-fcm-secret',
        TWILIO_ACCOUNT_SID: 'AC1',
        TWILIO_AUTH_TOKEN: 'worker-twilio-secret',
        TWILIO_FROM: '+15005550006',
        SMS_RATE_PER_SECOND: 'lots',
      },
    });
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(app.output().trim()).toBe('SMS_RATE_PER_SECOND is invalid (expected a number > 0): lots');
    expect(app.output()).not.toContain('secret');
  });

  it('refuses a bad AMQP_DECLARE_TOPOLOGY the same way', async () => {
    app = await spawnApp('apps/notifications-worker/src/main.ts', {
      cwd: ROOT,
      nodeArgs: ['-r', './scripts/register.js'],
      readyLine: null,
      env: {
        FCM_PROJECT_ID: 'p',
        FCM_ACCESS_TOKEN: 'worker-fcm-secret',
        TWILIO_ACCOUNT_SID: 'AC1',
        TWILIO_AUTH_TOKEN: 'worker-twilio-secret',
        TWILIO_FROM: '+15005550006',
        AMQP_DECLARE_TOPOLOGY: 'sometimes',
      },
    });
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(app.output().trim()).toBe('AMQP_DECLARE_TOPOLOGY is invalid (expected on or off): sometimes');
  });
});
