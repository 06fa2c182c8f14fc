import { amqpUrlList, amqpUrlWithVhost, amqpVhostOf, redactUrls } from './amqp-url';

describe('AMQP URL helpers', () => {
  it('split a cluster list, set and read a vhost, hide passwords', () => {
    expect(amqpUrlList(' amqp://a:5672 ,amqp://b:5672,,')).toEqual(['amqp://a:5672', 'amqp://b:5672']);
    expect(amqpUrlList(['amqp://a', ' amqp://b '])).toEqual(['amqp://a', 'amqp://b']);
    expect(amqpUrlWithVhost('amqp://u:p@h:5672/old,amqp://x', 'orders/eu')).toBe(
      'amqp://u:p@h:5672/orders%2Feu',
    );
    expect(amqpVhostOf('amqp://h/orders%2Feu,amqp://x')).toBe('orders/eu');
    expect(amqpVhostOf('amqp://h')).toBe('/');
    expect(amqpVhostOf('not a url')).toBe('/');
    expect(redactUrls('cannot reach amqp://guest:secret@h:5672/v or mongodb://a:b@m/db')).toBe(
      'cannot reach amqp://guest:***@h:5672/v or mongodb://a:***@m/db',
    );
  });
});
