/**
 * `@switchyard/messaging`: what a service needs to publish and consume on a Switchyard topology. The
 * topology tooling (validate, plan, apply, diff, export, graph, the management API) is the sub-entry
 * `@switchyard/messaging/topology`.
 */

// The Nest module, the runtime under it, health
export * from './messaging.module';
export {
  InjectMessagingOptions,
  InjectMessagingRuntime,
  MESSAGING_RUNTIME,
} from './messaging.module-definition';
export * from './consuming/messaging-runtime';
export * from './health/messaging.health';
export {
  HEADERS,
  DEFAULT_INBOX_COLLECTION,
  DEFAULT_PREFETCH,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_DELAYS,
  DEFAULT_VISIBILITY_TIMEOUT,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  DEFAULT_PUBLISH_TIMEOUT_MS,
} from './messaging.constants';

// The topology model a service is configured with (its tooling: @switchyard/messaging/topology)
export * from './topology/topology.model';
export * from './topology/topology-names';
export * from './topology/errors/invalid-topology.error';

// Connections and publishing
export * from './connection/amqp-connection';
export * from './connection/errors/broker-unreachable.error';
export * from './connection/errors/invalid-duration.error';
export * from './publishing/outgoing-message';
export * from './publishing/event-message';
export * from './publishing/event-publisher';
export * from './publishing/domain-routed-publisher';
export * from './publishing/errors/unroutable-message.error';
export * from './publishing/errors/publish-timeout.error';
export * from './publishing/errors/publish-rejected.error';

// Handlers: decorators, context, outcomes, the pipeline
export * from './consuming/handlers/on-event.decorator';
export { Ctx, Headers, Payload } from './consuming/handlers/params/handler-param.decorators';
export { SwitchyardParamtype } from './consuming/handlers/params/switchyard-paramtype';
export { isRejection } from './consuming/handlers/params/pipeline-rejection';
export { SWITCHYARD_CONTEXT_TYPE } from './consuming/handlers/consumer-explorer.service';
export * from './consuming/handlers/message-context';
export * from './consuming/handlers/consume-result';
export * from './consuming/handlers/event-validator';
export * from './consuming/handlers/handler-binding';
export * from './consuming/ordering/gap-hook';
export * from './consuming/consuming.constants';
export * from './consuming/errors/visibility-timeout.error';
export * from './consuming/errors/delivery-expired.error';
export * from './consuming/errors/revision-gap.error';
export * from './consuming/errors/consumer-not-in-topology.error';
export * from './consuming/errors/request-scoped-handler.error';

// The inbox, as an interface (the MongoDB one is in @switchyard/mongodb)
export * from './inbox/inbox';

// Dead letters: list, purge, replay
export * from './consuming/dead-letters/dead-letter-tools';
export * from './consuming/dead-letters/dead-letter-replay';
export * from './consuming/errors/replay-origin-missing.error';

// The NestJS microservices transport
export * from './transport/switchyard.server';
export * from './transport/switchyard.client';
export * from './transport/switchyard.context';
export * from './transport/switchyard-record';
export * from './transport/errors/request-response-not-supported.error';
export * from './transport/errors/no-publishing-domain.error';

export * from './errors/messaging-error';
