import { resolveWorkerSettings } from './worker-settings';

const ENV = {
  AMQP_URL: 'amqp://demo-notifications:pw@127.0.0.1:5672/demo',
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  FCM_PROJECT_ID: 'p',
  FCM_ACCESS_TOKEN: 'fcm-secret',
  TWILIO_ACCOUNT_SID: 'AC1',
  TWILIO_AUTH_TOKEN: 'twilio-secret',
  TWILIO_FROM: '+15005550006',
};

describe('resolveWorkerSettings', () => {
  it('declares the topology by default, and leaves it to an operator with AMQP_DECLARE_TOPOLOGY=off', () => {
    expect(resolveWorkerSettings(ENV).amqpAccess).toEqual({ declareTopology: true, publishUrls: {} });
    expect(resolveWorkerSettings({ ...ENV, AMQP_DECLARE_TOPOLOGY: 'off' })).toMatchObject({
      amqpUrl: ENV.AMQP_URL,
      mongoUrl: ENV.MONGO_URL,
      amqpAccess: { declareTopology: false, publishUrls: {} },
    });
  });

  it('names a malformed AMQP_DECLARE_TOPOLOGY', () => {
    expect(() => resolveWorkerSettings({ ...ENV, AMQP_DECLARE_TOPOLOGY: 'no' })).toThrow(
      'AMQP_DECLARE_TOPOLOGY is invalid (expected on or off): no',
    );
  });
});
