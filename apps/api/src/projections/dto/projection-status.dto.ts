import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { BuildStatus, ProjectionStatus } from '@switchyard/projections';

const STATES: readonly ProjectionStatus['state'][] = ['not-started', 'paused', 'catching-up', 'live'];
const REBUILD_STATES = ['building', 'switched', 'done'] as const;

/** The event a build paused on, and why (skip it with `switchyard projections skip`). */
export class PausedAtDto {
  @ApiProperty({ description: 'the id to skip it with: event id, commit id or `@<position>`' })
  ref!: string;

  @ApiProperty({ minimum: 1 })
  position!: number;

  @ApiPropertyOptional({ format: 'uuid' })
  eventId?: string;

  @ApiPropertyOptional()
  commitId?: string;

  @ApiPropertyOptional({ minimum: 0 })
  indexInCommit?: number;

  @ApiPropertyOptional({ example: 'order.placed' })
  type?: string;

  @ApiProperty({ description: 'the commit could not be read at all: a skip passes the whole commit' })
  unreadable!: boolean;

  @ApiProperty()
  error!: string;

  @ApiPropertyOptional()
  errorName?: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: Date;
}

/** Where one build (a version of a projection in its own collection) stands. */
export class BuildStatusDto implements BuildStatus {
  @ApiProperty({ minimum: 1 })
  version!: number;

  @ApiProperty({ example: 'order_summaries_v1' })
  collection!: string;

  @ApiProperty({ minimum: 0, description: 'last position applied (0: nothing yet)' })
  position!: number;

  @ApiProperty({ minimum: 0, description: "commits between it and the store's head" })
  lagEvents!: number;

  @ApiProperty({ minimum: 0, description: 'age of the first commit not applied yet (0 when caught up)' })
  lagSeconds!: number;

  @ApiPropertyOptional({ description: 'side effects fire past this position' })
  liveFrom?: number;

  @ApiPropertyOptional({ type: PausedAtDto })
  paused?: PausedAtDto;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  updatedAt?: Date;
}

/** The last rebuild of a projection, with its build's progress while it runs. */
export class RebuildStatusDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  fromVersion!: number;

  @ApiProperty()
  targetVersion!: number;

  @ApiProperty({ enum: REBUILD_STATES })
  state!: (typeof REBUILD_STATES)[number];

  @ApiProperty()
  holder!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt!: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  switchedAt?: Date;

  @ApiPropertyOptional()
  switchPosition?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  finishedAt?: Date;

  @ApiPropertyOptional({ description: 'why the old version is still there' })
  note?: string;

  @ApiPropertyOptional({ type: BuildStatusDto })
  build?: BuildStatusDto;
}

/** A projection's status, as `switchyard projections status --json` gives it. */
export class ProjectionStatusDto implements ProjectionStatus {
  @ApiProperty({ example: 'order-summary' })
  name!: string;

  @ApiProperty({ description: 'the version the code declares' })
  definitionVersion!: number;

  @ApiProperty({ enum: STATES })
  state!: ProjectionStatus['state'];

  @ApiPropertyOptional({ type: BuildStatusDto, description: 'the version the query side reads' })
  live?: BuildStatusDto;

  @ApiProperty({ description: "the store's last sequenced position" })
  head!: number;

  @ApiPropertyOptional({ type: RebuildStatusDto })
  rebuild?: RebuildStatusDto;
}
