/**
 * `@switchyard/messaging/topology`: the routing-as-code tooling the CLI, the console and tests use (and
 * users who script their broker): validate a model, plan it, apply it, diff it against a live broker,
 * export definitions.json, draw it, load it from a file; the management API client; declaring a model on
 * a channel. The runtime (`@switchyard/messaging`) needs none of it beyond the model's types.
 */
export * from './topology.constants';
export * from './duration';
export * from './routing-pattern';
export * from './resolve-consumer';
export * from './topology-validation';
export * from './topology-plan.model';
export * from './topology-plan';
export * from './topology-report.model';
export * from './broker-arguments';
export * from './password-hash';
export * from './env-placeholders';
export * from './topology-apply';
export * from './topology-diff';
export * from './definitions-export';
export * from './topology-mermaid';
export * from './load-topology-model';
export * from './errors/topology-problem.error';
export * from './errors/unknown-domain.error';
export * from './errors/invalid-routing-pattern.error';
export * from './errors/duplicate-name.error';
export * from './errors/unreachable-consumer.error';
export * from './errors/invalid-retry-policy.error';
export * from './errors/invalid-option.error';
export * from './errors/unconsumed-event.warning';
export * from './errors/unused-pattern.warning';
export * from '../management/management-api';
export * from '../management/management.types';
export * from '../errors/management-api.error';
export * from '../connection/declare-topology';
