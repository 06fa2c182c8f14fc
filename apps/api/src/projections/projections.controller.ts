import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Projections, type ProjectionStatus } from '@switchyard/projections';
import { ApiErrorResponses } from '../http/openapi/api-error-responses.decorator';
import { ProjectionStatusDto } from './dto/projection-status.dto';

/**
 * `GET /projections` and `GET /projections/:name`: the read models' status (live version, position, lag
 * behind the store, a pause and why, the rebuild state), as `switchyard projections status --json` gives
 * it. The API runs no projection itself (the projections worker does); it only reads their bookkeeping.
 */
@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly projections: Projections) {}

  @Get()
  @ApiOperation({ summary: "Every projection's status" })
  @ApiOkResponse({ type: ProjectionStatusDto, isArray: true })
  all(): Promise<ProjectionStatus[]> {
    return this.projections.status();
  }

  /** @throws UnknownProjectionError → 404 */
  @Get(':name')
  @ApiOperation({ summary: "One projection's status" })
  @ApiOkResponse({ type: ProjectionStatusDto })
  @ApiErrorResponses(404)
  async one(@Param('name') name: string): Promise<ProjectionStatus> {
    const [status] = await this.projections.status(name);
    return status!;
  }
}
