import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AggregateRepository,
  InjectEventStore,
  ORDER_AGGREGATE_TYPE,
  Order,
  WrongExpectedRevisionError,
  isWrongExpectedRevisionError,
  streamName,
  type EventMetadata,
  type EventStore,
  type OrderState,
} from '@switchyard/event-store';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import { OrderNotFoundError } from '../errors/order-not-found.error';
import { orderIdForKey } from '../http/idempotency-key';
import type { PlaceOrderRequest } from './order-requests';

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
 * HTTP-facing use of the `Order` aggregate. With an expected revision (from `If-Match`) a command runs
 * once against exactly that revision; without one it goes through `AggregateRepository.execute`, which
 * re-decides on fresh state when another writer got there first.
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
    const placed = order.uncommittedEvents[0]!;
    try {
      await this.orders.save(order, options.metadata);
      return { orderId: order.id, revision: order.version, replayed: false };
    } catch (err) {
      if (key === undefined || !isWrongExpectedRevisionError(err)) throw err;
      const [first] = await this.store.readStream(streamName(ORDER_AGGREGATE_TYPE, order.id), { limit: 1 });
      if (first?.type !== placed.type || canonicalJson(first.data) !== canonicalJson(placed.data)) {
        throw new IdempotencyKeyReusedError(key, order.id);
      }
      return { orderId: order.id, revision: first.revision, replayed: true };
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
    const checkedDecide = (order: Order): void => {
      if (order.version < 0) throw new OrderNotFoundError(orderId);
      if (expectedRevision !== undefined && order.version !== expectedRevision) {
        throw new WrongExpectedRevisionError(
          streamName(ORDER_AGGREGATE_TYPE, orderId),
          expectedRevision,
          order.version,
        );
      }
      decide(order);
    };
    if (expectedRevision === undefined) {
      const order = await this.orders.execute(orderId, checkedDecide, { metadata });
      return { orderId, revision: order.version };
    }
    // No re-run: the client decided on this revision, so a newer one must come back to it as a 409.
    const order = await this.orders.load(orderId);
    checkedDecide(order);
    await this.orders.save(order, metadata);
    return { orderId, revision: order.version };
  }
}

/** JSON with object keys sorted, to compare event data regardless of key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
