import { ApiProperty } from '@nestjs/swagger';
import { MONEY_PATTERN } from '@switchyard/examples';
import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

/** One line of `POST /orders` (the same rules as the `order.placed` contract's `OrderLine`). */
export class OrderLineDto {
  @ApiProperty({ example: 'SKU-1' })
  @IsString()
  @IsNotEmpty()
  sku!: string;

  @ApiProperty({ minimum: 1, maximum: 10_000, example: 2 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  @ApiProperty({ pattern: MONEY_PATTERN.source, example: '4.50', description: 'decimal string' })
  @Matches(MONEY_PATTERN, { message: 'unitPrice must be a decimal string like "4.50"' })
  unitPrice!: string;
}
