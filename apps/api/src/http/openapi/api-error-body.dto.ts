import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiErrorBody } from '../api-error-body';

/** The error body of every 4xx/5xx response, as the OpenAPI document shows it. */
export class ApiErrorBodyDto implements ApiErrorBody {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict', description: 'the HTTP reason phrase' })
  error!: string;

  @ApiProperty({ example: 'SWITCHYARD_WRONG_EXPECTED_REVISION', description: 'stable machine-readable code' })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "the error's context: for 400 `fields` (dotted paths) and `failures[{ field, constraints }]`; for 409 " +
      '`expectedRevision`/`actualRevision` or `command`/`status`; for 404 the missing id',
    example: {
      fields: ['lines.0.quantity'],
      failures: [{ field: 'lines.0.quantity', constraints: ['quantity must not be less than 1'] }],
    },
  })
  details?: Record<string, unknown>;
}
