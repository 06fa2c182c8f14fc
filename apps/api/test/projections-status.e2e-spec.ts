import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { getMongoProjectionStore } from '@switchyard/projections';
import { useTestEnvironment } from '@switchyard/testing';
import { startApi } from './api-test-kit';

describe('GET /projections', () => {
  const env = useTestEnvironment('api_projections');
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it("reads the read models' status, and answers 404 for an unknown projection", async () => {
    app = await startApi(env.vhost, env.database);
    const http = () => request(app!.getHttpServer());
    const all = await http().get('/projections').expect(200);
    expect((all.body as { name: string; state: string }[]).map((s) => [s.name, s.state])).toEqual([
      ['order-summary', 'not-started'],
      ['customer-orders', 'not-started'],
      ['merchant-daily-totals', 'not-started'],
    ]);

    // Once the worker has created it (here: its pointer), it shows the live version
    await getMongoProjectionStore(env.database.db).createPointer({
      name: 'order-summary',
      version: 1,
      collection: 'order_summaries',
    });
    const one = await http().get('/projections/order-summary').expect(200);
    expect(one.body).toMatchObject({
      name: 'order-summary',
      state: 'live',
      live: { version: 1, collection: 'order_summaries_v1', position: 0, lagEvents: 0 },
    });
    const missing = await http().get('/projections/nope').expect(404);
    expect(missing.body).toMatchObject({ code: 'SWITCHYARD_UNKNOWN_PROJECTION' });
  });
});
