import { Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Db } from 'mongodb';
import * as mongoConnection from '../mongo-connection';
import { mongoConnectionProviders } from './mongo-connection.providers';

const SETTINGS = Symbol('settings');
const CONNECTION = Symbol('connection');

describe('mongoConnectionProviders', () => {
  const steps: string[] = [];
  const connect = jest.spyOn(mongoConnection, 'connectMongo');

  beforeEach(() => {
    steps.length = 0;
    connect.mockReset();
    connect.mockImplementation(async () => ({
      db: {} as Db,
      close: async () => void steps.push('close'),
    }));
  });

  afterAll(() => connect.mockRestore());

  @Injectable()
  class User implements BeforeApplicationShutdown {
    constructor(@Inject(CONNECTION) readonly connection: mongoConnection.MongoConnection) {}
    beforeApplicationShutdown(): void {
      steps.push('user stops');
    }
  }

  async function start(settings: object, providers: ReturnType<typeof mongoConnectionProviders>) {
    @Module({ providers: [{ provide: SETTINGS, useValue: settings }, ...providers, User] })
    class Host {}
    const app = await Test.createTestingModule({ imports: [Host] }).compile();
    return app.init();
  }

  it('connects to the settings themselves and closes once, after the users stopped', async () => {
    const settings = { mongoUrl: 'mongodb://h', database: 'd', amqpUrl: 'amqp://h' };
    const app = await start(settings, mongoConnectionProviders({ provide: CONNECTION, settings: SETTINGS }));
    expect(connect).toHaveBeenCalledWith(settings);
    expect(app.get(User).connection.db).toBeDefined();
    expect(steps).toEqual([]);
    await app.close();
    expect(steps).toEqual(['user stops', 'close']);
  });

  it('connects to what source picks from the settings', async () => {
    const app = await start(
      { mongoUrl: 'mongodb://h', nested: { database: 'n' } },
      mongoConnectionProviders<{ mongoUrl: string; nested: { database: string } }>({
        provide: CONNECTION,
        settings: SETTINGS,
        source: (s) => ({ mongoUrl: s.mongoUrl, database: s.nested.database }),
      }),
    );
    expect(connect).toHaveBeenCalledWith({ mongoUrl: 'mongodb://h', database: 'n' });
    await app.close();
    expect(steps).toEqual(['user stops', 'close']);
  });
});
