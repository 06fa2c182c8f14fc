import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { contractEvent } from '@switchyard/contracts';
import { useTestDatabase } from '@switchyard/testing';
import {
  EVENT_STORE,
  EventStoreModule,
  InjectEventStore,
  InjectEventStoreOptions,
  type EventStore,
  type EventStoreModuleOptions,
} from '@switchyard/event-store';
import { exampleEventRegistry, OrderConfirmed } from '@switchyard/examples';

@Injectable()
class OrderConfirmer {
  constructor(
    @InjectEventStore() readonly store: EventStore,
    @InjectEventStoreOptions() readonly options: EventStoreModuleOptions,
  ) {}

  confirm(orderId: string) {
    return this.store.append(`order-${orderId}`, [contractEvent(OrderConfirmed, { orderId })]);
  }
}

@Module({ providers: [{ provide: 'DATABASE_NAME', useValue: 'unused' }], exports: ['DATABASE_NAME'] })
class SettingsModule {}

const database = useTestDatabase('es_module');

describe('EventStoreModule (real DB)', () => {
  it('forRoot with a Db: injects a working store and creates the indexes at start-up', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot({ db: database.db, registry: exampleEventRegistry() })],
      providers: [OrderConfirmer],
    }).compile();
    try {
      await moduleRef.init();
      const service = moduleRef.get(OrderConfirmer);
      // The indexes exist before the first append
      const names = (await database.db.collection('commits').listIndexes().toArray()).map(
        (i) => i.name as string,
      );
      expect(names).toEqual(
        expect.arrayContaining(['stream_revision_unique', 'position', 'sequenced', 'dispatched_position']),
      );
      expect(names).not.toContain('position_unique');
      const claims = await database.db.collection('commit_positions').listIndexes().toArray();
      expect(claims.map((i) => [i.name, i.unique === true])).toEqual(
        expect.arrayContaining([['commit_unique', true]]),
      );
      await service.confirm('o-1');
      expect((await service.store.readStream('order-o-1')).map((e) => e.data)).toEqual([{ orderId: 'o-1' }]);
    } finally {
      await moduleRef.close();
    }
  });

  it('forRootAsync with a URL: connects, shares the store, and closes its own client on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRootAsync({
          imports: [SettingsModule],
          inject: ['DATABASE_NAME'],
          useFactory: (_unused: string) => ({
            mongoUrl: database.mongoUrl,
            database: database.name,
            registry: exampleEventRegistry(),
            store: { commitsCollection: 'async_commits' },
          }),
        }),
      ],
      providers: [OrderConfirmer],
    }).compile();
    let service: OrderConfirmer;
    try {
      await moduleRef.init();
      service = moduleRef.get(OrderConfirmer);
      expect(moduleRef.get(EVENT_STORE)).toBe(service.store);
      expect(service.options).toMatchObject({ database: database.name });
      await service.confirm('o-2');
    } finally {
      await moduleRef.close();
    }
    // Written through the module's own connection, into the configured collection
    expect(await database.db.collection('async_commits').countDocuments({ stream: 'order-o-2' })).toBe(1);
    // And that connection is closed now
    await expect(service.store.readStream('order-o-2')).rejects.toThrow();
  });
});
