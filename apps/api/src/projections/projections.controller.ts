import { Controller, Get, Param } from '@nestjs/common';
import { Projections, type ProjectionStatus } from '@switchyard/projections';

/**
 * `GET /projections` and `GET /projections/:name`: the read models' status (live version, position, lag
 * behind the store, a pause and why, the rebuild state), as `switchyard projections status --json` gives
 * it. The API runs no projection itself (the projections worker does); it only reads their bookkeeping.
 */
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly projections: Projections) {}

  @Get()
  all(): Promise<ProjectionStatus[]> {
    return this.projections.status();
  }

  /** @throws UnknownProjectionError → 404 */
  @Get(':name')
  async one(@Param('name') name: string): Promise<ProjectionStatus> {
    const [status] = await this.projections.status(name);
    return status!;
  }
}
