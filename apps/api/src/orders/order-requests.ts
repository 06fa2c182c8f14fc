import type { EventData } from '@switchyard/contracts';
import type { OrderPlaced } from '@switchyard/examples';
import type { PlaceOrderDto } from './dto/place-order.dto';

/** What `POST /orders` asks the `Order` to place: the `order.placed` fields but the id. */
export type PlaceOrderRequest = Omit<EventData<OrderPlaced>, 'orderId'>;

/**
 * The validated body as the event's fields, optional ones only when given (a DTO instance may carry
 * declared-but-unset fields as `undefined`, which the stored event should not).
 */
export function placeOrderRequest(dto: PlaceOrderDto): PlaceOrderRequest {
  return {
    customerId: dto.customerId,
    lines: dto.lines.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
    total: dto.total,
    currency: dto.currency,
    ...(dto.customerPhone === undefined ? {} : { customerPhone: dto.customerPhone }),
    ...(dto.cardLast4 === undefined ? {} : { cardLast4: dto.cardLast4 }),
    ...(dto.customerPushToken === undefined ? {} : { customerPushToken: dto.customerPushToken }),
    ...(dto.merchantId === undefined ? {} : { merchantId: dto.merchantId }),
  };
}
