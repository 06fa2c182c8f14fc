import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PaymentStatus } from '@switchyard/examples';
import type { PaymentView } from '../payments.service';

const PAYMENT_STATUSES: readonly PaymentStatus[] = ['new', 'authorized', 'failed', 'captured', 'refunded'];

/** A payment as `GET /payments/:id` shows it (also sent as `ETag: "<revision>"`). */
export class PaymentViewDto implements PaymentView {
  @ApiProperty({ format: 'uuid' })
  paymentId!: string;

  @ApiProperty({ minimum: 0 })
  revision!: number;

  @ApiProperty({ enum: PAYMENT_STATUSES })
  status!: PaymentStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  orderId?: string;

  @ApiPropertyOptional({ example: '9.00' })
  amount?: string;

  @ApiPropertyOptional({ example: 'EUR' })
  currency?: string;

  @ApiPropertyOptional({ example: 'card ending in 0002 was declined by the issuer' })
  failureReason?: string;
}
