import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OutboxMetrics, OutboxRelay } from '@switchyard/outbox';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { API_METRICS_REGISTRY } from '../api.constants';

/** `GET /metrics`: Prometheus text of the outbox relay's metrics and this process's default metrics. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(API_METRICS_REGISTRY) private readonly registry: Registry,
    private readonly outbox: OutboxMetrics,
    private readonly relay: OutboxRelay,
  ) {}

  @Get()
  @ApiOperation({ summary: "Prometheus text: the outbox relay's metrics and the process's" })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text exposition format', schema: { type: 'string' } })
  async metrics(@Res({ passthrough: true }) res: Response): Promise<string> {
    // The parked gauge is read now (one equality look-up), so every replica reports it, leader or not;
    // an unreachable database leaves the last value rather than failing the scrape.
    await this.relay.refreshParked().catch(() => undefined);
    const [own, outbox] = await Promise.all([this.registry.metrics(), this.outbox.registry.metrics()]);
    res.type(this.registry.contentType);
    return `${outbox}\n${own}`;
  }
}
