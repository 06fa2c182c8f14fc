import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { OrderNotice, OrderNoticeSink } from '@switchyard/examples';
import { ORDER_NOTICES_COLLECTION } from '../worker.constants';

/**
 * The demo's notice "sender": one document per notice sent, under a fresh id, so a notice sent twice
 * shows up twice (the side-effect tests count them).
 */
export class MongoOrderNotices implements OrderNoticeSink {
  constructor(private readonly db: Db) {}

  async send(notice: OrderNotice): Promise<void> {
    await this.db
      .collection<OrderNotice & { _id: string; sentAt: Date }>(ORDER_NOTICES_COLLECTION)
      .insertOne({ _id: randomUUID(), ...notice, sentAt: new Date() });
  }
}
