import { DEFAULT_MONGO_DATABASE } from '../payments-service.constants';
import { resolvePaymentsSettings } from './payments-settings';

const ENV = { AMQP_URL: 'amqp://env:5672', MONGO_URL: 'mongodb://env:27017' };

describe('resolvePaymentsSettings', () => {
  it('takes the environment, with the default database and the relay on', () => {
    expect(resolvePaymentsSettings(ENV)).toEqual({
      amqpUrl: 'amqp://env:5672',
      mongoUrl: 'mongodb://env:27017',
      database: DEFAULT_MONGO_DATABASE,
      relay: true,
      amqpAccess: { declareTopology: true, publishUrls: {} },
    });
    expect(resolvePaymentsSettings({ ...ENV, MONGO_DATABASE: 'shop', PAYMENTS_RELAY: 'off' })).toMatchObject({
      database: 'shop',
      relay: false,
    });
  });

  it('lets forRoot options override each variable', () => {
    expect(
      resolvePaymentsSettings(
        { ...ENV, PAYMENTS_RELAY: 'off' },
        { amqpUrl: 'amqp://t/v', mongoUrl: 'mongodb://t', database: 'sy_test_1', relay: true },
      ),
    ).toMatchObject({ amqpUrl: 'amqp://t/v', mongoUrl: 'mongodb://t', database: 'sy_test_1', relay: true });
  });

  it('names the variable that is malformed', () => {
    expect(() => resolvePaymentsSettings({ ...ENV, MONGO_DATABASE: 'a.b' })).toThrow(
      /^MONGO_DATABASE is invalid \(not a valid database name\)/,
    );
    expect(() => resolvePaymentsSettings({ ...ENV, PAYMENTS_RELAY: 'yes' })).toThrow(
      'PAYMENTS_RELAY is invalid (expected on or off): yes',
    );
  });
});
