import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@switchyard/event-store';
import { MessagingModule, OnEvent, type MessageContext } from '@switchyard/messaging';
import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { OutboxHealthIndicator } from '../src/outbox-health.indicator';
import { OutboxModule } from '../src/outbox.module';
import { exampleEventRegistry, exampleOrderPlaced, EXAMPLE_TOPOLOGY } from '@switchyard/examples';
import { MongoInbox } from '@switchyard/mongodb';

@Injectable()
class PaymentsListener {
  readonly seen: { type: string; stream?: string; revision?: number; orderId: string }[] = [];

  @OnEvent({ consumer: 'payments.orders', type: 'order.placed' })
  onPlaced(ctx: MessageContext<{ orderId: string }>): void {
    this.seen.push({
      type: ctx.type,
      stream: ctx.stream,
      revision: ctx.revision,
      orderId: ctx.event.orderId,
    });
  }

  @OnEvent({ consumer: 'payments.orders', type: 'order.cancelled' })
  onCancelled(ctx: MessageContext<{ orderId: string }>): void {
    this.seen.push({
      type: ctx.type,
      stream: ctx.stream,
      revision: ctx.revision,
      orderId: ctx.event.orderId,
    });
  }
}

const { vhost, database: t } = useTestEnvironment('outbox_module');

describe('OutboxModule in a Nest application', () => {
  let app: TestingModule;

  beforeAll(async () => {
    const registry = exampleEventRegistry();

    @Module({ providers: [PaymentsListener] })
    class PaymentsModule {}

    app = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({ db: t.db, registry, isGlobal: true }),
        MessagingModule.forRoot({
          urls: vhost.amqpUrl,
          topology: EXAMPLE_TOPOLOGY,
          consumers: ['payments.orders'],
          inbox: new MongoInbox(t.db),
          validator: registry,
        }),
        OutboxModule.forRoot({ db: t.db, routing: registry, sweepIntervalMs: 200 }),
        PaymentsModule,
      ],
    }).compile();
    app.enableShutdownHooks();
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('carries an appended event to the consuming domain, in order, and reports itself healthy', async () => {
    // Given an order placed and then cancelled in the store
    const store = app.get<EventStore>(EVENT_STORE);
    const placed = exampleOrderPlaced({ orderId: 'o-7' });
    await store.append('order-o-7', [{ type: 'order.placed', data: placed }], {
      expectedRevision: 'noStream',
    });
    await store.append(
      'order-o-7',
      [{ type: 'order.cancelled', data: { orderId: 'o-7', reason: 'changed mind' } }],
      {
        expectedRevision: 0,
      },
    );

    // Then the payments domain's handler receives both, in revision order
    const listener = app.get(PaymentsListener);
    await waitFor(() => listener.seen.length === 2, {
      what: 'both events to reach payments.orders',
      timeoutMs: 30_000,
    });
    expect(listener.seen).toEqual([
      { type: 'order.placed', stream: 'order-o-7', revision: 0, orderId: 'o-7' },
      { type: 'order.cancelled', stream: 'order-o-7', revision: 1, orderId: 'o-7' },
    ]);

    // And the outbox health shows this relay leading with nothing left to publish
    const indicator = app.get(OutboxHealthIndicator);
    await waitFor(
      async () => {
        const h = await indicator.isHealthy();
        return (h.outbox as unknown as { undispatched: number }).undispatched === 0;
      },
      { what: 'the relay to mark both commits', timeoutMs: 30_000 },
    );
    const health = await indicator.isHealthy();
    expect(health.outbox).toMatchObject({ status: 'up', leader: true, undispatched: 0 });
    expect(
      (health.outbox as unknown as { publishedCommits: number }).publishedCommits,
    ).toBeGreaterThanOrEqual(2);
  });
});
