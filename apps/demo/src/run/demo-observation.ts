import type { OrderContact, OrderScenario, ProviderBurst } from '../load/load-plan';

/** A command the load sent, and how the API answered (after the client's retries). */
export interface CommandRecord {
  readonly kind: 'place' | 'replay' | 'ship' | 'cancel' | 'ship-declined';
  readonly orderIndex: number;
  readonly orderId?: string;
  /** What the API should answer: accept it, or refuse it (a ship of a declined order is a 409). */
  readonly expected: 'accepted' | 'rejected';
  /** HTTP status of the last answer; undefined when none came (connection lost every time). */
  readonly status?: number;
  /** The error body's `code`, for a refusal. */
  readonly code?: string;
  /** Requests sent for it (1 + the client's retries after a 5xx or a lost connection). */
  readonly attempts: number;
  /** `POST /orders` answered with `Idempotent-Replayed: true`. */
  readonly replayed?: boolean;
  /** When it was sent first and when the final answer came (ms since the epoch). */
  readonly sentAt: number;
  readonly answeredAt: number;
  /** Why the load gave up on it, e.g. the order never reached the state the command needs. */
  readonly error?: string;
}

/** One order of the load, as far as the load got with it. */
export interface OrderOutcome {
  readonly index: number;
  readonly scenario: OrderScenario;
  /** Where its notifications go (`customerPushToken`, `customerPhone` of `POST /orders`). */
  readonly contact: OrderContact;
  readonly orderId?: string;
  /** Accepted commands on it. */
  readonly placed: boolean;
  readonly shipped: boolean;
  readonly cancelledByCustomer: boolean;
}

/** An event read back from the event store. */
export interface StoredEvent {
  readonly eventId: string;
  readonly type: string;
  readonly stream: string;
  /** `data.orderId`: every event of the example names its order. */
  readonly orderId?: string;
  readonly committedAt: number;
  /** The event's data (what a notification's text is made of). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A queue's traffic during the run (management API deltas) and its depth at the end. */
export interface QueueTraffic {
  readonly name: string;
  readonly published: number;
  readonly delivered: number;
  readonly redelivered: number;
  readonly ready: number;
  readonly unacked: number;
}

/** Dead letters found in one DLQ with one reason. */
export interface DeadLetterCount {
  readonly queue: string;
  readonly reason: string;
  readonly count: number;
  readonly messageIds: readonly string[];
}

/** A dead letter the load provokes on purpose: the message (an event id) in its DLQ, with one of `reasons`. */
export interface ExpectedDeadLetter {
  readonly queue: string;
  readonly messageId: string;
  readonly reasons: readonly string[];
}

/** A notification the provider fake accepted (`provider_fake_accepted`: one document per key). */
export interface AcceptedNotification {
  /** The fake's notification key: `fcm:<data.notificationId>` or `twilio:<To>:<hash of Body>`. */
  readonly key: string;
  readonly provider: 'fcm' | 'twilio';
  /** When the fake accepted it (ms since the epoch). */
  readonly acceptedAt: number;
}

/** What the notifications worker recorded for one notification (`notifications_sent`). */
export interface NotificationRecord {
  /** `<queue>:<event id>`. */
  readonly notificationId: string;
  readonly status: 'sent' | 'skipped';
  readonly template: string;
  readonly worker: string;
  /** The delivery attempt that sent it: 1 + the retries before. */
  readonly attempt: number;
}

/** The provider 503 burst as planned, and how many requests the fake answered with it. */
export interface ProviderBurstObservation extends ProviderBurst {
  readonly injected: number;
}

/**
 * A projection at the end of the run: its status (`projectionStatus`), and its live read model compared
 * with a recomputation folded from every event of the store.
 */
export interface ProjectionObservation {
  readonly name: string;
  readonly state: 'not-started' | 'paused' | 'catching-up' | 'live';
  /** The collection its pointer names (the live version). */
  readonly collection?: string;
  readonly position: number;
  /** The store's last position. */
  readonly head: number;
  readonly lagEvents: number;
  readonly lagSeconds: number;
  /** The event it paused at, with the error. */
  readonly paused?: string;
  /** Documents in the live collection (tombstones aside), and in the recomputation. */
  readonly documents: number;
  readonly expectedDocuments: number;
  /** Events folded for the recomputation. */
  readonly events: number;
  /** Documents missing, not expected, or different; the first of them named (`<id> differs`). */
  readonly differences: number;
  readonly differing: readonly string[];
}

/** How long a command took to show in the order summary read model, for the sampled orders. */
export interface ReadModelLatencies {
  /** What was polled and how (for the report). */
  readonly source: string;
  /** Ms from the API's answer to the document showing the command, per command kind. */
  readonly byKind: Readonly<Partial<Record<'place' | 'ship' | 'cancel', readonly number[]>>>;
  /** Sampled commands the read model never showed before the watch ended. */
  readonly neverSeen: number;
}

/** An AMQP connection to the demo's vhost, as the management API lists it. */
export interface BrokerConnection {
  readonly user: string;
  /** The client-provided connection name. */
  readonly name: string;
}

/** Everything the report and the reconciliation read, gathered once the system is quiet. */
export interface DemoObservation {
  readonly orders: readonly OrderOutcome[];
  readonly commands: readonly CommandRecord[];
  readonly storedEvents: readonly StoredEvent[];
  readonly commits: number;
  readonly undispatchedCommits: number;
  /** Message ids seen on the audit queue (bound with `#` to every domain exchange), duplicates included. */
  readonly publishedMessageIds: readonly string[];
  readonly queues: readonly QueueTraffic[];
  /** The connections to the vhost while the apps ran, and the users the apps must log in as. */
  readonly connections: readonly BrokerConnection[];
  readonly domainUsers: readonly string[];
  /** The name of the demo's own operator connections (the only ones allowed another user). */
  readonly operatorConnectionName: string;
  readonly deadLetters: readonly DeadLetterCount[];
  /** Dead letters the load provokes on purpose, per message (`expectedDeadLetters` of expected-notifications.ts). */
  readonly expectedDeadLetters: readonly ExpectedDeadLetter[];
  /** The provider fake's accepted notifications, and the keys it accepted again (a second send). */
  readonly acceptedNotifications: readonly AcceptedNotification[];
  readonly duplicateNotificationKeys: readonly string[];
  /** The notifications worker's records (sent or skipped). */
  readonly notificationRecords: readonly NotificationRecord[];
  /** The 503 burst switched on in the fake during the load; undefined when the run had none. */
  readonly providerBurst?: ProviderBurstObservation;
  /** The projections at the end (empty when the run started no projections worker). */
  readonly projections: readonly ProjectionObservation[];
  /** Command → read model visible, for a sample of the orders; undefined without projections. */
  readonly readModelLatencies?: ReadModelLatencies;
  /** How long the load ran and the whole run took, ms. */
  readonly loadMs: number;
  readonly settleMs: number;
}
