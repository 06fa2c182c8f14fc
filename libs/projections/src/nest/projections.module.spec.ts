import 'reflect-metadata';
import { Global, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EVENT_STORE, getInMemoryEventStore } from '@switchyard/event-store';
import { EventRegistry } from '@switchyard/contracts';
import { MongoClient } from 'mongodb';
import { defineProjection } from '../definition/define-projection';
import { Projection } from '../definition/projection.decorator';
import { ProjectionHandler } from '../definition/projection-handler.decorator';
import { Projections } from '../projections';
import { ProjectionsModule } from './projections.module';

@Global()
@Module({
  providers: [{ provide: EVENT_STORE, useFactory: () => getInMemoryEventStore(new EventRegistry()) }],
  exports: [EVENT_STORE],
})
class FakeEventStoreModule {}

@Injectable()
@Projection({ name: 'discovered', version: 1, collection: 'discovered', documentIds: () => 'x' })
class DiscoveredProjection {
  @ProjectionHandler('thing.happened')
  happened() {
    return { seen: true };
  }
}

describe('ProjectionsModule', () => {
  it('adds the @Projection() providers it finds to the ones given, and starts nothing with live: false', async () => {
    // An unconnected client: with live false nothing reaches the database
    const client = new MongoClient('mongodb://127.0.0.1:1', { serverSelectionTimeoutMS: 100 });
    const given = defineProjection({
      name: 'given',
      version: 1,
      collection: 'given',
      handlers: { 'thing.happened': { documentIds: () => 'y', evolve: () => ({}) } },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        FakeEventStoreModule,
        ProjectionsModule.forRoot({ db: client.db('unused'), projections: [given], live: false }),
      ],
      providers: [DiscoveredProjection],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const projections = app.get(Projections);
      expect(projections.definitions.map((d) => d.name)).toEqual(['given', 'discovered']);
      expect(projections.live).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
