import { IsNotEmpty, IsString } from 'class-validator';

/** What every payments event names: the payment and the order it pays for. */
export abstract class PaymentRef {
  @IsString()
  @IsNotEmpty()
  paymentId!: string;

  @IsString()
  @IsNotEmpty()
  orderId!: string;
}
