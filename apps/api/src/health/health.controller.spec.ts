import { getInMemoryEventStore } from '@switchyard/event-store';
import { exampleEventRegistry } from '@switchyard/examples';
import {
  MessagingHealthIndicator,
  PublishTimeoutError,
  type AmqpConnectionState,
  type MessagingRuntime,
  type OutgoingEvent,
} from '@switchyard/messaging';
import {
  eventStoreOutbox,
  OutboxHealthIndicator,
  OutboxMetrics,
  OutboxRelay,
  type OutboxPublisher,
} from '@switchyard/outbox';
import type { Lease } from '@switchyard/mongodb';
import { waitFor } from '@switchyard/testing';
import type { Response } from 'express';
import type { Db } from 'mongodb';
import type { ApiDatabase } from '../core/api-core.module';
import { HealthController } from './health.controller';

// The real indicators and the real relay over the in-memory event store; only what lies beyond them
// (the broker connection's state, the publisher's confirms, the database's ping answer) is given.

const CONNECTED: AmqpConnectionState = {
  connected: true,
  blocked: false,
  channelsUsable: true,
  unusableChannels: [],
};

/** A lease nobody else wants: held from the first try. */
class SoleLease implements Lease {
  readonly holder = 'api-1';
  term: number | undefined;
  async ensureIndexes(): Promise<void> {}
  async tryAcquire(): Promise<boolean> {
    this.term = 1;
    return true;
  }
  async release(): Promise<void> {}
}

/** The broker as the relay sees it: confirms every publish, or, while `away`, times out like a lost one. */
class Broker implements OutboxPublisher {
  away = false;
  readonly confirmed: string[] = [];
  async publish(event: OutgoingEvent): Promise<void> {
    if (this.away)
      throw new PublishTimeoutError(
        `${event.domain}.events`,
        event.routingKey ?? '',
        event.eventId,
        5_000,
        'confirm',
      );
    this.confirmed.push(event.eventId);
  }
}

function response(): Response & { statusCode: number } {
  const res = { statusCode: 0 } as Response & { statusCode: number };
  res.status = (code: number) => {
    res.statusCode = code;
    return res;
  };
  return res;
}

interface Outbox {
  readonly status: string;
  readonly leader: boolean;
  readonly undispatched: number;
  readonly publishedCommits: number;
  readonly lastError?: string;
}

describe('GET /health (HealthController over the real indicators)', () => {
  const registry = exampleEventRegistry();
  let relay: OutboxRelay | undefined;
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  /** The API's health over a store with `orders` placed orders, before its relay has started. */
  async function api(
    opts: { orders?: number; ping?: () => Promise<unknown>; broker?: AmqpConnectionState } = {},
  ) {
    const store = getInMemoryEventStore(registry);
    for (let i = 0; i < (opts.orders ?? 0); i++)
      await store.append(`order-${i}`, [
        {
          type: 'order.placed',
          data: {
            orderId: String(i),
            customerId: 'c-1',
            lines: [{ sku: 'S', quantity: 1, unitPrice: '1.00' }],
            total: '1.00',
            currency: 'EUR',
          },
        },
      ]);
    const broker = new Broker();
    const metrics = new OutboxMetrics();
    relay = new OutboxRelay(eventStoreOutbox(store), broker, registry, new SoleLease(), metrics, {
      sweepIntervalMs: 20,
    });
    const runtime = { connection: { current: opts.broker ?? CONNECTED } } as unknown as MessagingRuntime;
    const database = {
      db: { command: opts.ping ?? (async () => ({ ok: 1 })) } as unknown as Db,
    } as ApiDatabase;
    const controller = new HealthController(
      database,
      new MessagingHealthIndicator(runtime),
      new OutboxHealthIndicator(relay, metrics),
    );
    const check = async () => {
      const res = response();
      const body = await controller.check(res);
      return { statusCode: res.statusCode, body, outbox: body.details.outbox as unknown as Outbox };
    };
    return { relay, broker, check };
  }

  it('is 200 "ok" with what waits, and after the relay published it, with nothing waiting', async () => {
    // Given three placed orders and a relay not started yet
    const { relay, broker, check } = await api({ orders: 3 });
    const before = await check();
    expect(before.statusCode).toBe(200);
    expect(before.body.status).toBe('ok');
    expect(Object.keys(before.body.info ?? {}).sort()).toEqual(['mongodb', 'outbox', 'rabbitmq']);
    expect(before.body.details.mongodb).toMatchObject({ status: 'up', pingMs: expect.any(Number) });
    expect(before.body.details.rabbitmq).toMatchObject({ status: 'up', connected: true, blocked: false });
    expect(before.outbox).toMatchObject({
      status: 'up',
      leader: false,
      undispatched: 3,
      publishedCommits: 0,
    });
    // When the relay leads and publishes them
    await relay.start();
    await waitFor(async () => (await check()).outbox.undispatched === 0, {
      what: 'health to show nothing undispatched',
      timeoutMs: 5_000,
    });
    // Then health shows this replica leading, every commit published, nothing waiting
    const after = await check();
    expect(after.statusCode).toBe(200);
    expect(after.outbox).toMatchObject({ status: 'up', leader: true, undispatched: 0, publishedCommits: 3 });
    expect(broker.confirmed).toHaveLength(3);
  });

  it('is 503 naming the outbox, with the reason, while commits wait and the broker does not confirm', async () => {
    const { relay, broker, check } = await api({ orders: 2 });
    broker.away = true;
    await relay.start();
    const down = await waitFor(
      async () => {
        const c = await check();
        return c.statusCode === 503 && c;
      },
      { what: 'health to report the outbox down', timeoutMs: 5_000 },
    );
    expect(down.body.status).toBe('error');
    expect(Object.keys(down.body.error ?? {})).toEqual(['outbox']);
    expect(down.outbox).toMatchObject({ status: 'down', leader: true, undispatched: 2 });
    expect(down.outbox.lastError).toContain('not confirmed within 5000 ms');
    // And once the broker confirms again, the relay catches up and health is 200
    broker.away = false;
    await waitFor(async () => (await check()).statusCode === 200, {
      what: 'health to recover',
      timeoutMs: 5_000,
    });
    expect((await check()).outbox).toMatchObject({ status: 'up', undispatched: 0 });
  });

  it('is 503 naming the broker when it is disconnected, or blocked by a resource alarm', async () => {
    const disconnected = await (
      await api({ broker: { ...CONNECTED, connected: false, lastError: 'ECONNREFUSED 127.0.0.1:5672' } })
    ).check();
    expect(disconnected.statusCode).toBe(503);
    expect(disconnected.body.error).toEqual({
      rabbitmq: {
        status: 'down',
        connected: false,
        blocked: false,
        lastError: 'ECONNREFUSED 127.0.0.1:5672',
      },
    });
    const blocked = await (
      await api({ broker: { ...CONNECTED, blocked: true, blockedReason: 'low on memory' } })
    ).check();
    expect(blocked.statusCode).toBe(503);
    expect(blocked.body.error).toEqual({
      rabbitmq: { status: 'degraded', connected: true, blocked: true, blockedReason: 'low on memory' },
    });
  });

  it('is 503 with the reason when the database ping fails', async () => {
    const { check } = await api({ ping: () => Promise.reject(new Error('connection refused')) });
    const failed = await check();
    expect(failed.statusCode).toBe(503);
    expect(failed.body.error).toEqual({ mongodb: { status: 'down', message: 'connection refused' } });
  });
});
