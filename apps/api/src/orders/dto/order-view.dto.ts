import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrderStatus } from '@switchyard/examples';
import type { OrderView } from '../orders.service';
import { OrderLineDto } from './order-line.dto';

const ORDER_STATUSES: readonly OrderStatus[] = ['new', 'placed', 'confirmed', 'cancelled', 'shipped'];

/** An order as `GET /orders/:id` shows it (also sent as `ETag: "<revision>"`). */
export class OrderViewDto implements OrderView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ minimum: 0 })
  revision!: number;

  @ApiProperty({ enum: ORDER_STATUSES })
  status!: OrderStatus;

  @ApiPropertyOptional()
  customerId?: string;

  @ApiProperty({ type: [OrderLineDto] })
  lines!: OrderLineDto[];

  @ApiPropertyOptional({ example: '9.00' })
  total?: string;

  @ApiPropertyOptional({ example: 'EUR' })
  currency?: string;

  @ApiPropertyOptional()
  cancelReason?: string;

  @ApiPropertyOptional()
  trackingNumber?: string;
}
