import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AggregateRepository,
  InjectEventStore,
  isAggregateExistsError,
  isAggregateNotFoundError,
  type EventMetadata,
  type EventStore,
} from '@switchyard/event-store';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import { OrderNotFoundError } from '../errors/order-not-found.error';
import { orderIdForKey } from '../http/idempotency-key';
import type { PlaceOrderRequest } from './order-requests';
import { Order, type OrderState } from '@switchyard/examples';

/** An order as `GET /orders/:id` shows it. */
export interface OrderView extends OrderState {
  readonly orderId: string;
  /** Revision of the order's stream: send it back in `If-Match` to act on exactly this state. */
  readonly revision: number;
}

/** Where a command left the order. */
export interface CommandResult {
  readonly orderId: string;
  readonly revision: number;
}

/** How a command on an existing order runs. */
export interface CommandOptions {
  /** Run once against exactly this revision (from `If-Match`); re-run on conflicts when omitted. */
  readonly expectedRevision?: number;
  /** Carried by the events the command stores (correlation id, traceparent). */
  readonly metadata?: EventMetadata;
}

/**
 * HTTP-facing use of the `Order` aggregate, through `AggregateRepository`: `create` answers a retried
 * placement (same idempotency key, same body) as replayed, and `execute` runs a command once against the
 * `If-Match` revision, or re-decides on fresh state when there is none and another writer got there first.
 */
@Injectable()
export class OrdersService {
  private readonly orders: AggregateRepository<Order>;

  constructor(@InjectEventStore() private readonly store: EventStore) {
    this.orders = new AggregateRepository<Order>(store, { create: (id) => new Order(id) });
  }

  /**
   * Places a new order. With an idempotency key the order id derives from the key, so a retried request
   * finds its order already placed and gets the same answer instead of a second order.
   * @throws IdempotencyKeyReusedError when the key already placed an order from a different body
   */
  async place(
    request: PlaceOrderRequest,
    options: { metadata?: EventMetadata; idempotencyKey?: string } = {},
  ): Promise<CommandResult & { replayed: boolean }> {
    const key = options.idempotencyKey;
    const order = new Order(key === undefined ? randomUUID() : orderIdForKey(key));
    order.place(request);
    try {
      const { revision, replayed } = await this.orders.create(order, { metadata: options.metadata });
      return { orderId: order.id, revision, replayed };
    } catch (err) {
      if (key !== undefined && isAggregateExistsError(err))
        throw new IdempotencyKeyReusedError(key, order.id);
      throw err;
    }
  }

  /** @throws OrderNotFoundError when the order's stream does not exist */
  async get(orderId: string): Promise<OrderView> {
    const order = await this.orders.load(orderId);
    if (order.version < 0) throw new OrderNotFoundError(orderId);
    return { orderId, revision: order.version, ...order.state };
  }

  confirm(orderId: string, options: CommandOptions = {}): Promise<CommandResult> {
    return this.command(orderId, options, (order) => order.confirm());
  }

  cancel(orderId: string, reason: string, options: CommandOptions = {}): Promise<CommandResult> {
    return this.command(orderId, options, (order) => order.cancel(reason));
  }

  ship(
    orderId: string,
    carrier: string,
    trackingNumber: string,
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    return this.command(orderId, options, (order) => order.ship(carrier, trackingNumber));
  }

  private async command(
    orderId: string,
    { expectedRevision, metadata }: CommandOptions,
    decide: (order: Order) => void,
  ): Promise<CommandResult> {
    try {
      const order = await this.orders.execute(orderId, decide, {
        expectedRevision,
        requireExisting: true,
        metadata,
      });
      return { orderId, revision: order.version };
    } catch (err) {
      if (isAggregateNotFoundError(err)) throw new OrderNotFoundError(orderId);
      throw err;
    }
  }
}
