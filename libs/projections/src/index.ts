import 'reflect-metadata';

/**
 * `@switchyard/projections`: read models built from the event store by global position, exactly once per
 * document, live (woken by the broker) and by catch-up, rebuilt blue/green. See docs/projections.md.
 */
export * from './projections.constants';
export * from './projections';

// Declaring projections
export * from './definition/projection-definition';
export * from './definition/define-projection';
export * from './definition/projection.decorator';
export * from './definition/projection-handler.decorator';
export * from './definition/normalise-projection';

// Storage: the interface, MongoDB, in memory
export * from './store/projection-store';
export * from './store/projection-store.types';
export { buildOf, buildKey, buildCollection } from './store/build-ref';
export * from './mongo/mongo-projection-store';
export * from './mongo/read-model-collection';
export * from './memory/in-memory-projection-store';

// Running: one build, the live daemon, rebuilds, status
export { ReadModelFold, documentIdsOf } from './fold/read-model-fold';
export * from './runner/projection-runner';
export * from './runner/projection-runner.options';
export * from './runner/step-result';
export * from './runner/projection-logger';
export { isUnreadableEventError, type ProjectionEventSource } from './runner/page-reader';
export * from './live/projection-daemon';
export * from './rebuild/rebuild-projection';
export * from './rebuild/rebuild-progress';
export * from './status/projection-status';
export * from './status/skip-event';
export { readStoreHead } from './status/store-head';
export * from './metrics/projection-metrics';

// The Nest module
export * from './nest/projections.module-definition';
export * from './nest/projections.module';

export * from './errors/projection-error';
export * from './errors/invalid-projection.error';
export * from './errors/unknown-projection.error';
export * from './errors/projection-write-conflict.error';
export * from './errors/projection-lease-lost.error';
export * from './errors/projection-not-paused.error';
export * from './errors/projection-paused.error';
export * from './errors/invalid-rebuild.error';
export * from './errors/rebuild-busy.error';
