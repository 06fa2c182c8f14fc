import type { MessagingHealthIndicator } from '@switchyard/messaging';
import type { OutboxHealthIndicator } from '@switchyard/outbox';
import type { Response } from 'express';
import type { Db } from 'mongodb';
import type { ApiDatabase } from '../core/api-core.module';
import { HealthController } from './health.controller';

function controller(opts: { ping: () => Promise<unknown>; broker: 'up' | 'down'; outbox: 'up' | 'down' }) {
  const database = { db: { command: opts.ping } as unknown as Db } as ApiDatabase;
  const messaging = {
    isHealthy: (key: string) => ({ [key]: { status: opts.broker, connected: opts.broker === 'up' } }),
  } as unknown as MessagingHealthIndicator;
  const outbox = {
    isHealthy: async (key: string) => ({ [key]: { status: opts.outbox, leader: true, undispatched: 3 } }),
  } as unknown as OutboxHealthIndicator;
  return new HealthController(database, messaging, outbox);
}

function response(): Response & { statusCode: number } {
  const res = { statusCode: 0 } as Response & { statusCode: number };
  res.status = (code: number) => {
    res.statusCode = code;
    return res;
  };
  return res;
}

describe('HealthController', () => {
  it('is 200 "ok" when the database, the broker and the outbox are all up', async () => {
    const res = response();
    const body = await controller({ ping: async () => ({ ok: 1 }), broker: 'up', outbox: 'up' }).check(res);
    expect(res.statusCode).toBe(200);
    expect(body.status).toBe('ok');
    expect(Object.keys(body.info ?? {}).sort()).toEqual(['mongodb', 'outbox', 'rabbitmq']);
    expect(body.details.outbox).toMatchObject({ leader: true, undispatched: 3 });
  });

  it('is 503 naming the broker when it is disconnected', async () => {
    const res = response();
    const body = await controller({ ping: async () => ({ ok: 1 }), broker: 'down', outbox: 'up' }).check(res);
    expect(res.statusCode).toBe(503);
    expect(body.status).toBe('error');
    expect(Object.keys(body.error ?? {})).toEqual(['rabbitmq']);
  });

  it('is 503 with the reason when the database ping fails', async () => {
    const res = response();
    const body = await controller({
      ping: () => Promise.reject(new Error('connection refused')),
      broker: 'up',
      outbox: 'up',
    }).check(res);
    expect(res.statusCode).toBe(503);
    expect(body.error).toEqual({ mongodb: { status: 'down', message: 'connection refused' } });
  });
});
