import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of `POST /orders/:id/cancel`. */
export class CancelOrderDto {
  @ApiProperty({ maxLength: 500, example: 'customer changed their mind' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
