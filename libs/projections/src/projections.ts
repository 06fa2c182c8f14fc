import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ProjectionDefinition } from './definition/projection-definition';
import { normaliseProjection } from './definition/normalise-projection';
import { InvalidProjectionError } from './errors/invalid-projection.error';
import { UnknownProjectionError } from './errors/unknown-projection.error';
import { ProjectionDaemon } from './live/projection-daemon';
import type { ProjectionMetrics } from './metrics/projection-metrics';
import { rebuildProjection } from './rebuild/rebuild-projection';
import type { RebuildProgress, RebuildResult } from './rebuild/rebuild-progress';
import type { ProjectionEventSource } from './runner/page-reader';
import type { ProjectionLogger } from './runner/projection-logger';
import type { AppliedPage, ProjectionTuning } from './runner/projection-runner.options';
import { projectionStatus, type ProjectionStatus } from './status/projection-status';
import { skipEvent } from './status/skip-event';
import type { ProjectionStore } from './store/projection-store';
import type { SkipRecord } from './store/projection-store.types';

/** Options of {@link Projections}. */
export interface ProjectionsOptions {
  /** Plain definitions (`defineProjection`) or instances of `@Projection()` classes. */
  readonly projections?: readonly (ProjectionDefinition | object)[];
  readonly store: ProjectionStore;
  /** The event store (only `readAll` is used). */
  readonly events: ProjectionEventSource;
  /** This process in the leases. @default `<hostname>:<pid>:<random>` */
  readonly holder?: string;
  readonly tuning?: ProjectionTuning & { readonly pointerCheckMs?: number; readonly dropWaitMs?: number };
  readonly logger?: ProjectionLogger;
  readonly metrics?: ProjectionMetrics;
  /** Called after each page a live runner applied (benchmarks, tests, custom metrics). */
  readonly onApplied?: (page: AppliedPage) => void;
}

/**
 * Everything about a set of projections in one place: run them live (`startLive`, `wake`), and operate
 * them (`status`, `skip`, `rebuild`). The projections worker and the CLI both use it.
 */
export class Projections {
  readonly holder: string;
  private readonly byName = new Map<string, ProjectionDefinition>();
  private daemon: ProjectionDaemon | undefined;

  constructor(private readonly options: ProjectionsOptions) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    for (const p of options.projections ?? []) this.add(p);
  }

  /** Registers one more projection (before `startLive`). @throws InvalidProjectionError */
  add(source: ProjectionDefinition | object): ProjectionDefinition {
    const definition = normaliseProjection(source);
    if (this.byName.has(definition.name))
      throw new InvalidProjectionError(definition.name, 'two projections have this name');
    this.byName.set(definition.name, definition);
    return definition;
  }

  get definitions(): ProjectionDefinition[] {
    return [...this.byName.values()];
  }

  /** @throws UnknownProjectionError */
  definition(name: string): ProjectionDefinition {
    const definition = this.byName.get(name);
    if (!definition) throw new UnknownProjectionError(name, [...this.byName.keys()]);
    return definition;
  }

  /** Starts the live runners of every projection (see `ProjectionDaemon`). */
  async startLive(): Promise<void> {
    if (this.daemon) return;
    this.daemon = new ProjectionDaemon({
      definitions: this.definitions,
      store: this.options.store,
      events: this.options.events,
      holder: this.holder,
      tuning: this.options.tuning,
      logger: this.options.logger,
      metrics: this.options.metrics,
      onApplied: this.options.onApplied,
    });
    await this.daemon.start();
  }

  /** The live daemon, once started. */
  get live(): ProjectionDaemon | undefined {
    return this.daemon;
  }

  /** Something was appended (at `position` when known): the live runners read the store now. */
  wake(position?: number): void {
    this.daemon?.wake(position);
  }

  /** Stops the live runners and releases their leases. */
  async stopLive(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = undefined;
    await daemon?.stop();
  }

  /** Status of every projection, or of one. @throws UnknownProjectionError */
  async status(name?: string): Promise<ProjectionStatus[]> {
    const definitions = name === undefined ? this.definitions : [this.definition(name)];
    return projectionStatus(definitions, this.options.store, this.options.events);
  }

  /** Goes past the event a projection is paused at. @throws UnknownProjectionError, ProjectionNotPausedError */
  async skip(name: string, eventId: string): Promise<SkipRecord> {
    return skipEvent(this.definition(name), this.options.store, eventId);
  }

  /** Blue/green rebuild (see `rebuildProjection`). @throws UnknownProjectionError and its errors */
  async rebuild(
    name: string,
    options: {
      version?: number;
      onProgress?: (progress: RebuildProgress) => void;
      signal?: AbortSignal;
    } = {},
  ): Promise<RebuildResult> {
    return rebuildProjection({
      definition: this.definition(name),
      store: this.options.store,
      events: this.options.events,
      holder: this.holder,
      tuning: this.options.tuning,
      logger: this.options.logger,
      ...options,
    });
  }
}
