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
    // (the buffer's fill, sampled until all three have settled)
    let done = false;
    let mostBuffered = 0;
    const sampling = (async () => {
      while (!done) {
        mostBuffered = Math.max(mostBuffered, publisher.pending);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const outcomes = await settled.finally(() => (done = true));
    await sampling;
    // Then none is dropped silently: all reject after the timeout
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as unknown) : undefined));
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(reasons.every(isPublishTimeoutError)).toBe(true);
    // And only one was ever buffered (back-pressure): the first waited for its confirm, the others for
    // room. (One freed by the first's timeout may be taken by the next in its last milliseconds, which
    // then times out waiting for its confirm: which one is a matter of timers on a loaded machine.)
    expect(mostBuffered).toBe(1);
    expect((reasons[0] as { waitingFor: string }).waitingFor).toBe('confirm');
    for (const r of reasons)
      expect(['confirm', 'buffer-room']).toContain((r as { waitingFor: string }).waitingFor);
    expect(String((reasons[0] as Error).message)).toMatch(/p-1 .* not confirmed within 600 ms/);
    expect(connection.current).toMatchObject({ connected: false });
    expect(connection.current.lastError).toMatch(/ECONNREFUSED/);
    await publisher.close();
  });
});
