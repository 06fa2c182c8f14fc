import { EventEmitter } from 'node:events';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import type { AmqpConnection } from '../connection/amqp-connection';
import type { ChannelClose } from '../connection/tracked-channel';
import { isPublishRejectedError } from './errors/publish-rejected.error';
import { isPublishTimeoutError } from './errors/publish-timeout.error';
import { isUnroutableMessageError } from './errors/unroutable-message.error';
import { EventPublisher } from './event-publisher';

/** A connection whose one channel the test drives: each publish waits for the test to settle it. */
function fakeConnection() {
  const channel = new EventEmitter();
  const sent: Array<{ messageId: string; resolve: () => void; reject: (e: Error) => void }> = [];
  let lastClose: ChannelClose | undefined;
  const wrapper = {
    publish: (_exchange: string, _key: string, _content: Buffer, options: { messageId: string }) =>
      new Promise<void>((resolve, reject) => sent.push({ messageId: options.messageId, resolve, reject })),
    close: async () => undefined,
  };
  const connection = {
    createChannel: (_name: string, setup: (ch: ConfirmChannel) => Promise<void>) => {
      void setup(channel as unknown as ConfirmChannel);
      return wrapper as unknown as ChannelWrapper;
    },
    lastChannelClose: () => lastClose,
  } as unknown as AmqpConnection;
  return {
    connection,
    sent,
    returnMessage: (messageId: string) =>
      channel.emit('return', { properties: { messageId }, fields: { replyText: 'NO_ROUTE' } }),
    closeChannel: (close: Omit<ChannelClose, 'at'>) => {
      lastClose = { ...close, at: Date.now() };
    },
  };
}

const rejection = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setImmediate(r));
};

describe('EventPublisher', () => {
  it('reports a returned publish as unroutable', async () => {
    const fake = fakeConnection();
    const publisher = new EventPublisher(fake.connection);
    const p = publisher.publishRaw('orders.events', 'order.placed', Buffer.from('{}'), { messageId: 'm1' });
    await until(() => fake.sent.length === 1);
    fake.returnMessage('m1');
    fake.sent[0]!.resolve();
    expect(isUnroutableMessageError(await rejection(p))).toBe(true);
  });

  it('forgets the return of a publish that then timed out: the next publish of that id is not unroutable', async () => {
    const fake = fakeConnection();
    const publisher = new EventPublisher(fake.connection);
    // Given a publish that the broker returned and whose confirm then timed out
    const first = publisher.publishRaw('orders.events', 'k', Buffer.from('{}'), { messageId: 'm1' });
    await until(() => fake.sent.length === 1);
    fake.returnMessage('m1');
    fake.sent[0]!.reject(new Error('timeout'));
    expect(isPublishTimeoutError(await rejection(first))).toBe(true);
    expect(publisher.pendingReturns).toBe(0);
    // When the same message is published again and confirmed
    const second = publisher.publishRaw('orders.events', 'k', Buffer.from('{}'), { messageId: 'm1' });
    await until(() => fake.sent.length === 2);
    fake.sent[1]!.resolve();
    // Then it is confirmed, not reported unroutable
    await expect(second).resolves.toBeUndefined();
  });

  it('ignores a return for a message no publish awaits', async () => {
    const fake = fakeConnection();
    const publisher = new EventPublisher(fake.connection);
    fake.returnMessage('late');
    expect(publisher.pendingReturns).toBe(0);
    const p = publisher.publishRaw('orders.events', 'k', Buffer.from('{}'), { messageId: 'late' });
    await until(() => fake.sent.length === 1);
    fake.sent[0]!.resolve();
    await expect(p).resolves.toBeUndefined();
  });

  it('rejects with the broker reply when the broker closed the channel over this exchange, without retrying', async () => {
    const fake = fakeConnection();
    const publisher = new EventPublisher(fake.connection);
    const p = publisher.publishRaw('missing.events', 'k', Buffer.from('{}'), { messageId: 'm1' });
    await until(() => fake.sent.length === 1);
    fake.closeChannel({ replyCode: 404, replyText: "NOT_FOUND - no exchange 'missing.events' in vhost '/'" });
    fake.sent[0]!.reject(new Error('channel closed'));
    const err: unknown = await p.catch((e: unknown) => e);
    expect(isPublishRejectedError(err)).toBe(true);
    expect(err).toMatchObject({ replyCode: 404, permanent: true, exchange: 'missing.events' });
    expect(fake.sent).toHaveLength(1);
  });

  it('sends again a publish whose channel the broker closed over another exchange', async () => {
    const fake = fakeConnection();
    const publisher = new EventPublisher(fake.connection);
    const p = publisher.publishRaw('orders.events', 'k', Buffer.from('{}'), { messageId: 'm1' });
    await until(() => fake.sent.length === 1);
    fake.closeChannel({ replyCode: 404, replyText: "NOT_FOUND - no exchange 'other.events' in vhost '/'" });
    fake.sent[0]!.reject(new Error('channel closed'));
    for (let i = 0; i < 50 && fake.sent.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(fake.sent).toHaveLength(2);
    fake.sent[1]!.resolve();
    await expect(p).resolves.toBeUndefined();
  });

  it('rejects a message over the size limit the broker named', async () => {
    const fake = fakeConnection();
    const publisher = new EventPublisher(fake.connection);
    const p = publisher.publishRaw('orders.events', 'k', Buffer.alloc(2000), { messageId: 'big' });
    await until(() => fake.sent.length === 1);
    fake.closeChannel({
      replyCode: 406,
      replyText: 'PRECONDITION_FAILED - message size 2000 is larger than configured max size 1000',
    });
    fake.sent[0]!.reject(new Error('channel closed'));
    await expect(p).rejects.toMatchObject({ replyCode: 406 });
  });
});
