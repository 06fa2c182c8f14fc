import { createServer, type Server } from 'node:net';
import { AmqpConnection } from '../src/connection/amqp-connection';
import { EventPublisher } from '../src/publishing/event-publisher';
import { isPublishTimeoutError } from '../src/publishing/errors/publish-timeout.error';

// No broker at all: a port that accepts nothing, so the publisher stays disconnected.
describe('publishing while disconnected: bounded buffer, back-pressure, clear timeout errors', () => {
  let server: Server;
  let port: number;
  let connection: AmqpConnection;

  beforeAll(async () => {
    // Reserve a free port, then close it so connections are refused.
    server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    connection = new AmqpConnection({ urls: `amqp://guest:guest@127.0.0.1:${port}`, reconnectMinSeconds: 1 });
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('waits for the broker, then rejects with PublishTimeoutError naming what it waited for', async () => {
    const publisher = new EventPublisher(connection, { publishTimeoutMs: 600, bufferSize: 1 });
    const started = Date.now();
    // When three events are published while no broker answers, with room for one in the buffer
    const settled = Promise.allSettled(
      ['p-1', 'p-2', 'p-3'].map((eventId) =>
        publisher.publish({ domain: 'orders', type: 'order.placed', eventId, data: {} }),
      ),
    );
    // Then none is dropped silently: all reject after the timeout
    const reasons = (await settled).map((o) => (o.status === 'rejected' ? (o.reason as unknown) : undefined));
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(reasons.every(isPublishTimeoutError)).toBe(true);
    expect((reasons[0] as { waitingFor: string }).waitingFor).toBe('confirm');
    // And only one was buffered: the other two waited for room all along (back-pressure)
    expect(reasons.map((r) => (r as { waitingFor: string }).waitingFor)).toEqual([
      'confirm',
      'buffer-room',
      'buffer-room',
    ]);
    expect(String((reasons[0] as Error).message)).toMatch(/p-1 .* not confirmed within 600 ms/);
    expect(connection.current).toMatchObject({ connected: false });
    expect(connection.current.lastError).toMatch(/ECONNREFUSED/);
    await publisher.close();
  });
});
