import { ApiProperty } from '@nestjs/swagger';

const INDICATORS = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { status: { type: 'string' } } },
  description: 'per indicator (mongodb, rabbitmq, outbox): { status, ...details }',
} as const;

/** `GET /health` in @nestjs/terminus' shape. */
export class HealthResultDto {
  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiProperty(INDICATORS)
  info!: Record<string, unknown>;

  @ApiProperty(INDICATORS)
  error!: Record<string, unknown>;

  @ApiProperty(INDICATORS)
  details!: Record<string, unknown>;
}
