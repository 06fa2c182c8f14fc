/**
 * OpenTelemetry messaging semantic-convention attribute names and values Switchyard sets on its publish,
 * process and handle spans (semantic conventions 1.x, `messaging.*`), and its own `switchyard.*` ones.
 * Plain strings: the libs depend on `@opentelemetry/api` only.
 */
export const MESSAGING_ATTRIBUTES = {
  system: 'messaging.system',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  /** The exchange a message was published to (the default exchange is ''). */
  destinationName: 'messaging.destination.name',
  /** The queue a consumer took the message from. */
  subscriptionName: 'messaging.destination.subscription.name',
  routingKey: 'messaging.rabbitmq.destination.routing_key',
  messageId: 'messaging.message.id',
  /** The correlation id. */
  conversationId: 'messaging.message.conversation_id',
  bodySize: 'messaging.message.body.size',
  deliveryTag: 'messaging.rabbitmq.message.delivery_tag',
} as const;

/** Values of {@link MESSAGING_ATTRIBUTES}. */
export const MESSAGING_VALUES = {
  system: 'rabbitmq',
  send: 'send',
  process: 'process',
} as const;

/** Switchyard's own span attributes. */
export const SWITCHYARD_ATTRIBUTES = {
  eventType: 'switchyard.event.type',
  stream: 'switchyard.stream',
  revision: 'switchyard.revision',
  /** 1 on the first delivery, 2 on the first retry, ... */
  attempt: 'switchyard.attempt',
  /** `Class.method` of the handler. */
  handler: 'switchyard.handler',
  /** Why a message went to its dead-letter queue. */
  deadLetterReason: 'switchyard.dead_letter.reason',
  /** The inbox had it already: acked without running the handler. */
  duplicate: 'switchyard.duplicate',
} as const;
