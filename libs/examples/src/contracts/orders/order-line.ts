import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { MONEY_PATTERN } from '../example-domains';

/** One line of an order. */
export class OrderLine {
  @IsString()
  @IsNotEmpty()
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  /** Decimal string, e.g. `"4.50"`. */
  @Matches(MONEY_PATTERN, { message: 'unitPrice must be a decimal string like "4.50"' })
  unitPrice!: string;
}
