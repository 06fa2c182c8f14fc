import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult } from '../orders.service';

/** Where a command left the order (also sent as `ETag: "<revision>"`). */
export class CommandResultDto implements CommandResult {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ minimum: 0, description: "the order stream's revision: send it back in If-Match" })
  revision!: number;
}
