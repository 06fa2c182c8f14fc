import { join } from 'node:path';
import { spawnApp, type AppProcess } from '@switchyard/testing';

const ROOT = join(__dirname, '..', '..', '..');
/** A valid provider configuration, secrets included: a refusal must print none of them. */
const PROVIDERS = {
  FCM_PROJECT_ID: 'p',
  FCM_ACCESS_TOKEN: 'worker-fcm-secret',
  TWILIO_ACCOUNT_SID: 'AC1',
  TWILIO_AUTH_TOKEN: 'worker-twilio-secret',
  TWILIO_FROM: '+15005550006',
};

describe('notifications-worker configuration', () => {
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop();
  });

  /** Starts the worker with one bad variable beside a valid configuration; resolves what it printed. */
  async function refusal(bad: Record<string, string>): Promise<string> {
    app = await spawnApp('apps/notifications-worker/src/main.ts', {
      cwd: ROOT,
      nodeArgs: ['-r', './scripts/register.js'],
      readyLine: null,
      env: { ...PROVIDERS, ...bad },
    });
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    return app.output();
  }

  it('refuses to start with a bad or missing variable: one line naming it, exit code 1, no secret', async () => {
    const output = await refusal({ SMS_RATE_PER_SECOND: 'lots' });
    expect(output.trim()).toBe('SMS_RATE_PER_SECOND is invalid (expected a number > 0): lots');
    expect(output).not.toContain('secret');
  });

  it('refuses a bad AMQP_DECLARE_TOPOLOGY the same way', async () => {
    const output = await refusal({ AMQP_DECLARE_TOPOLOGY: 'sometimes' });
    expect(output.trim()).toBe('AMQP_DECLARE_TOPOLOGY is invalid (expected on or off): sometimes');
    expect(output).not.toContain('secret');
  });
});
