import type { ProjectionDefinition } from '../definition/projection-definition';
import type { ProjectionMetrics } from '../metrics/projection-metrics';
import { DEFAULT_POINTER_CHECK_MS } from '../projections.constants';
import { buildOf } from '../store/build-ref';
import type { ProjectionStore } from '../store/projection-store';
import type { ProjectionEventSource } from '../runner/page-reader';
import { defaultProjectionLogger, type ProjectionLogger } from '../runner/projection-logger';
import { ProjectionRunner } from '../runner/projection-runner';
import { sharedReads } from './shared-reads';
import type { AppliedPage, ProjectionTuning } from '../runner/projection-runner.options';

/** Options of a {@link ProjectionDaemon}. */
export interface ProjectionDaemonOptions {
  readonly definitions: readonly ProjectionDefinition[];
  readonly store: ProjectionStore;
  readonly events: ProjectionEventSource;
  readonly holder: string;
  readonly tuning?: ProjectionTuning & { readonly pointerCheckMs?: number };
  readonly logger?: ProjectionLogger;
  readonly metrics?: ProjectionMetrics;
  /** Called after each page a live runner applied (benchmarks, tests, custom metrics). */
  readonly onApplied?: (page: AppliedPage) => void;
}

/**
 * The live side of a process: one runner per projection, on the version its pointer names (created at
 * the definition's version the first time). Every process of a worker runs the same daemon; each build's
 * lease picks the one that applies it, so N processes share the projections and a killed process's
 * builds move on after the lease TTL. It follows the pointers: after a rebuild's switch, the old
 * version's runner finishes up to the switch position (its side effects included) and the new
 * version's runner takes over.
 */
export class ProjectionDaemon {
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly logger: ProjectionLogger;
  private pointerTimer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = false;
  private readonly events: ProjectionEventSource;

  constructor(private readonly options: ProjectionDaemonOptions) {
    this.logger = options.logger ?? defaultProjectionLogger();
    this.events = sharedReads(options.events);
  }

  /** Creates the missing pointers and starts a runner per projection. */
  async start(): Promise<void> {
    await this.options.store.ensureIndexes();
    for (const definition of this.options.definitions) {
      const pointer = await this.options.store.createPointer(buildOf(definition));
      if (definition.version > pointer.version)
        this.logger.warn(
          `projection ${definition.name}: the code declares version ${definition.version}, the live one is ` +
            `${pointer.version}; build it with: switchyard projections rebuild ${definition.name}`,
        );
      this.startRunner(definition, pointer.version);
    }
    const every = this.options.tuning?.pointerCheckMs ?? DEFAULT_POINTER_CHECK_MS;
    this.pointerTimer = setInterval(() => {
      this.checking ??= this.followPointers().finally(() => (this.checking = undefined));
    }, every);
  }

  /** Something was appended (a broker message, at `position` when known): every runner reads now. */
  wake(position?: number): void {
    for (const runner of this.runners.values()) runner.wake(position);
  }

  /** The runner of each projection (its live version), for status and tests. */
  runner(name: string): ProjectionRunner | undefined {
    return this.runners.get(name);
  }

  /** Stops every runner and releases their leases, so the other processes take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pointerTimer);
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    await this.checking;
  }

  private startRunner(definition: ProjectionDefinition, version: number): void {
    const runner = new ProjectionRunner({
      ...this.options.tuning,
      definition,
      version,
      store: this.options.store,
      events: this.events,
      holder: this.options.holder,
      mode: 'live',
      onApplied: this.options.onApplied,
      logger: this.logger,
      metrics: this.options.metrics,
    });
    this.runners.set(definition.name, runner);
    runner.start();
  }

  private async followPointers(): Promise<void> {
    for (const definition of this.options.definitions) {
      if (this.stopped) return;
      const running = this.runners.get(definition.name);
      try {
        const pointer = await this.options.store.readPointer(definition.name);
        if (!pointer || !running || pointer.version === running.build.version) continue;
        this.logger.log(
          `projection ${definition.name}: the pointer moved to version ${pointer.version}; ` +
            `version ${running.build.version} finishes up to position ${pointer.switchPosition ?? 0}`,
        );
        await running.finish(pointer.switchPosition ?? 0);
        if (!this.stopped) this.startRunner(definition, pointer.version);
      } catch (err) {
        this.logger.warn(
          `projection ${definition.name}: reading its pointer failed: ${(err as Error).message}`,
        );
      }
    }
  }
}
