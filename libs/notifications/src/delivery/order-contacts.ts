import type { Db } from 'mongodb';
import { ORDER_CONTACTS_COLLECTION } from '../notifications.constants';

/** How to reach the customer of one order, as its `order.placed` said. */
export interface OrderContact {
  readonly orderId: string;
  readonly customerId: string;
  readonly pushToken?: string;
  readonly phone?: string;
}

/** The contact details of orders, by order id. */
export interface OrderContacts {
  find(orderId: string): Promise<OrderContact | undefined>;
}

/**
 * {@link OrderContacts} in MongoDB: one document per order, `_id` = order id, written through
 * `recordWith` by the `notifications.contacts` consumer of `order.placed`.
 */
export class MongoOrderContacts implements OrderContacts {
  constructor(private readonly db: Db) {}

  async find(orderId: string): Promise<OrderContact | undefined> {
    const doc = await this.db
      .collection<OrderContact & { _id: string }>(ORDER_CONTACTS_COLLECTION)
      .findOne({ _id: orderId });
    if (!doc) return undefined;
    return { orderId: doc.orderId, customerId: doc.customerId, pushToken: doc.pushToken, phone: doc.phone };
  }
}
