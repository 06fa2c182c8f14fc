import { Controller, Get, Inject, Res } from '@nestjs/common';
import { OutboxMetrics } from '@switchyard/outbox';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { API_METRICS_REGISTRY } from '../api.constants';

/** `GET /metrics`: Prometheus text of the outbox relay's metrics and this process's default metrics. */
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(API_METRICS_REGISTRY) private readonly registry: Registry,
    private readonly outbox: OutboxMetrics,
  ) {}

  @Get()
  async metrics(@Res({ passthrough: true }) res: Response): Promise<string> {
    const [own, outbox] = await Promise.all([this.registry.metrics(), this.outbox.registry.metrics()]);
    res.type(this.registry.contentType);
    return `${outbox}\n${own}`;
  }
}
