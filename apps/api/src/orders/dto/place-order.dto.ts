import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { E164_PATTERN, MONEY_PATTERN } from '@switchyard/examples';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsISO4217CurrencyCode,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OrderLineDto } from './order-line.dto';

/**
 * Body of `POST /orders`: the fields of `order.placed` but the order id (the API picks it, or derives it
 * from the `Idempotency-Key`). Checked here by the `ValidationPipe`, and again by the event contract when
 * the store appends.
 */
export class PlaceOrderDto {
  @ApiProperty({ example: 'c-1' })
  @IsString()
  @IsNotEmpty()
  customerId!: string;

  @ApiProperty({ type: [OrderLineDto], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];

  @ApiProperty({ pattern: MONEY_PATTERN.source, example: '9.00', description: 'decimal string' })
  @Matches(MONEY_PATTERN, { message: 'total must be a decimal string like "19.99"' })
  total!: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217' })
  @IsISO4217CurrencyCode()
  currency!: string;

  @ApiPropertyOptional({
    example: 'm-7',
    description: 'the merchant selling it (reporting totals per merchant)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  merchantId?: string;

  @ApiPropertyOptional({
    pattern: E164_PATTERN.source,
    example: '+4915112345678',
    description: 'E.164, for SMS',
  })
  @IsOptional()
  @Matches(E164_PATTERN, { message: 'customerPhone must be an E.164 number like +4915112345678' })
  customerPhone?: string;

  @ApiPropertyOptional({
    pattern: '^\\d{4}$',
    example: '4242',
    description: 'last four digits of the card; "0002" is declined by the example payments service',
  })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'cardLast4 must be the last four digits of the card, like "4242"' })
  cardLast4?: string;

  @ApiPropertyOptional({
    maxLength: 4096,
    example: 'fcm-registration-token-of-the-device',
    description: "the customer's device registration token, for push notifications",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  customerPushToken?: string;
}
