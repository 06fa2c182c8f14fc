import { ConfigurableModuleBuilder, Inject } from '@nestjs/common';
import type { MongoDbSource } from '@switchyard/mongodb';
import type { Registry } from 'prom-client';
import type { ProjectionDefinition } from '../definition/projection-definition';
import type { MongoProjectionStoreOptions } from '../mongo/mongo-projection-store';
import type { ProjectionTuning } from '../runner/projection-runner.options';

/** Options of `ProjectionsModule.forRoot` / `forRootAsync`. */
export type ProjectionsModuleOptions = MongoDbSource & {
  /** Plain definitions or `@Projection()` instances; `@Projection()` providers are found too. */
  readonly projections?: readonly (ProjectionDefinition | object)[];
  /** This process in the leases. @default `<hostname>:<pid>:<random>` */
  readonly holder?: string;
  readonly tuning?: ProjectionTuning & { readonly pointerCheckMs?: number };
  /** Run the live runners at bootstrap (a worker); false for a process that only queries. @default true */
  readonly live?: boolean;
  readonly store?: MongoProjectionStoreOptions;
  /** Where the metrics go. @default a registry of their own */
  readonly metricsRegistry?: Registry;
};

export const {
  ConfigurableModuleClass: ProjectionsConfigurableModule,
  MODULE_OPTIONS_TOKEN: PROJECTIONS_MODULE_OPTIONS,
  OPTIONS_TYPE: PROJECTIONS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: PROJECTIONS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ProjectionsModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** Injects the options given to `ProjectionsModule.forRoot*`. */
export const InjectProjectionsOptions = (): ParameterDecorator => Inject(PROJECTIONS_MODULE_OPTIONS);
