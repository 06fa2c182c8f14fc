import { DEFAULT_AMQP_URL, DEFAULT_MONGO_URL } from './config.constants';
import { isInvalidConfigError } from './errors/invalid-config.error';
import { validateSwitchyardConfig } from './switchyard-config';
import { hostOf } from './reachability';

describe('validateSwitchyardConfig', () => {
  it('takes the local defaults when variables are missing', () => {
    const cfg = validateSwitchyardConfig({});
    expect(cfg.AMQP_URL).toBe(DEFAULT_AMQP_URL);
    expect(cfg.MONGO_URL).toBe(DEFAULT_MONGO_URL);
  });

  it('names the variable that is malformed', () => {
    expect(() => validateSwitchyardConfig({ MONGO_URL: 'http://x' })).toThrow(/^MONGO_URL is invalid/);
    expect(() => validateSwitchyardConfig({ AMQP_URL: 'nonsense' })).toThrow(
      /^AMQP_URL is invalid \(not a URL\)/,
    );
    try {
      validateSwitchyardConfig({ RABBITMQ_MANAGEMENT_URL: 'amqp://x' });
      throw new Error('expected a throw');
    } catch (err) {
      expect(isInvalidConfigError(err) && err.variable).toBe('RABBITMQ_MANAGEMENT_URL');
    }
  });

  it('never echoes a password', () => {
    expect(() => validateSwitchyardConfig({ AMQP_URL: 'http://user:secret@h' })).toThrow('//user:***@');
  });

  it('accepts a comma-separated list of broker URLs', () => {
    const urls = 'amqp://a:5672,amqp://b:5673';
    expect(validateSwitchyardConfig({ AMQP_URL: urls }).AMQP_URL).toBe(urls);
    expect(hostOf(urls)).toEqual({ host: 'a', port: 5672 });
  });

  it('finds the first host of a mongodb URL', () => {
    expect(hostOf('mongodb://u:p@h1:27018,h2:27019/db?replicaSet=rs0')).toEqual({ host: 'h1', port: 27018 });
  });
});
