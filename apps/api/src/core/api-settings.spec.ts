import { InvalidConfigError } from '@switchyard/config';
import { DEFAULT_MONGO_DATABASE, DEFAULT_PORT } from '../api.constants';
import { parsePort, resolveApiSettings } from './api-settings';

const ENV = { AMQP_URL: 'amqp://env:5672', MONGO_URL: 'mongodb://env:27017' };

describe('resolveApiSettings', () => {
  it('takes the environment, with the default database', () => {
    expect(resolveApiSettings(ENV)).toEqual({
      amqpUrl: 'amqp://env:5672',
      mongoUrl: 'mongodb://env:27017',
      database: DEFAULT_MONGO_DATABASE,
      amqpAccess: { declareTopology: true, publishUrls: {} },
    });
    expect(resolveApiSettings({ ...ENV, MONGO_DATABASE: 'shop' }).database).toBe('shop');
  });

  it('lets forRoot options override each variable', () => {
    expect(
      resolveApiSettings(ENV, { amqpUrl: 'amqp://t/v', mongoUrl: 'mongodb://t', database: 'sy_test_1' }),
    ).toMatchObject({ amqpUrl: 'amqp://t/v', mongoUrl: 'mongodb://t', database: 'sy_test_1' });
  });

  it('refuses a database name MongoDB would refuse, naming MONGO_DATABASE', () => {
    expect(() => resolveApiSettings({ ...ENV, MONGO_DATABASE: 'a.b' })).toThrow(
      /^MONGO_DATABASE is invalid \(not a valid database name\)/,
    );
  });
});

describe('parsePort', () => {
  it('defaults to DEFAULT_PORT and reads integers, 0 included', () => {
    expect(parsePort(undefined)).toBe(DEFAULT_PORT);
    expect(parsePort('8080')).toBe(8080);
    expect(parsePort('0')).toBe(0);
  });

  it.each(['http', '-1', '65536', '80.5'])('refuses %s naming PORT', (raw) => {
    expect(() => parsePort(raw)).toThrow(InvalidConfigError);
    expect(() => parsePort(raw)).toThrow(/^PORT is invalid/);
  });
});
