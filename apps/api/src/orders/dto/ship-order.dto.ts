import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** Body of `POST /orders/:id/ship`. */
export class ShipOrderDto {
  @ApiProperty({ example: 'DHL' })
  @IsString()
  @IsNotEmpty()
  carrier!: string;

  @ApiProperty({ example: 'TRK-1' })
  @IsString()
  @IsNotEmpty()
  trackingNumber!: string;
}
