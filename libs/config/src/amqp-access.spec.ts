import { InvalidConfigError } from './errors/invalid-config.error';
import {
  amqpAccessVariables,
  amqpPublishUrlVariable,
  parseOnOff,
  readAmqpPublishUrls,
  resolveAmqpAccess,
} from './amqp-access';

describe('least-privilege broker access from the environment', () => {
  it('names one publish URL variable per domain', () => {
    expect(amqpPublishUrlVariable('orders')).toBe('AMQP_PUBLISH_URL_ORDERS');
    expect(amqpPublishUrlVariable('loyalty-points')).toBe('AMQP_PUBLISH_URL_LOYALTY_POINTS');
  });

  it('reads the publish URLs that are set, by domain', () => {
    const env = { AMQP_PUBLISH_URL_PAYMENTS: 'amqp://payments:pw@h/v', AMQP_PUBLISH_URL_ORDERS: '' };
    expect(readAmqpPublishUrls(env, ['orders', 'payments'])).toEqual({ payments: 'amqp://payments:pw@h/v' });
  });

  it('refuses a publish URL that is not AMQP, naming the variable and hiding the password', () => {
    const env = { AMQP_PUBLISH_URL_ORDERS: 'http://orders:secret@h' };
    expect(() => readAmqpPublishUrls(env, ['orders'])).toThrow(InvalidConfigError);
    expect(() => readAmqpPublishUrls(env, ['orders'])).toThrow(
      'AMQP_PUBLISH_URL_ORDERS is invalid (expected amqp: or amqps:): http://orders:***@h',
    );
  });

  it('reads on/off switches with a default, refusing anything else', () => {
    expect(parseOnOff('X', undefined, true)).toBe(true);
    expect(parseOnOff('X', 'off', true)).toBe(false);
    expect(parseOnOff('X', 'on', false)).toBe(true);
    expect(() => parseOnOff('AMQP_DECLARE_TOPOLOGY', 'no', true)).toThrow(
      'AMQP_DECLARE_TOPOLOGY is invalid (expected on or off): no',
    );
  });
});

describe('resolveAmqpAccess', () => {
  it('declares by default and publishes through AMQP_URL when nothing is set', () => {
    expect(resolveAmqpAccess({}, ['orders'])).toEqual({ declareTopology: true, publishUrls: {} });
  });

  it('reads the switch and the publish URLs of the given domains only', () => {
    const env = {
      AMQP_DECLARE_TOPOLOGY: 'off',
      AMQP_PUBLISH_URL_ORDERS: 'amqp://o:pw@h/v',
      AMQP_PUBLISH_URL_OTHER: 'amqp://x:pw@h/v',
    };
    expect(amqpAccessVariables(['orders'])).toEqual(['AMQP_DECLARE_TOPOLOGY', 'AMQP_PUBLISH_URL_ORDERS']);
    expect(resolveAmqpAccess(env, ['orders'])).toEqual({
      declareTopology: false,
      publishUrls: { orders: 'amqp://o:pw@h/v' },
    });
  });
});
