export interface OutboxRelayOptions {
  /** @default DEFAULT_SWEEP_INTERVAL_MS */
  readonly sweepIntervalMs?: number;
  /**
   * How often a sweep also reads the undispatched commits, whatever the relay believes (a deposed
   * holder's late stamps, an unparked commit); the other sweeps only sequence and publish what is new,
   * so a busy relay keeps its short rounds. @default 10 × sweepIntervalMs
   */
  readonly backlogCheckMs?: number;
  /** @default DEFAULT_LEASE_RENEW_MS */
  readonly leaseRenewMs?: number;
  /** @default DEFAULT_BATCH_SIZE */
  readonly batchSize?: number;
  /**
   * Most publishes in flight (sent, confirm awaited) at once across a batch's streams; one stream has
   * at most one. @default DEFAULT_PUBLISH_WINDOW
   */
  readonly publishWindow?: number;
  /** Commits the relay's sequencer gives positions per batch. @default the store's (1 000) */
  readonly sequenceBatchSize?: number;
  /**
   * Permanent broker refusals (404 no exchange, 403 access refused, 406 over a limit) of one commit
   * before it is parked. Timeouts and lost connections never count. @default DEFAULT_PARK_AFTER_ATTEMPTS
   */
  readonly parkAfterAttempts?: number;
  /** Pause before retrying a refused commit, doubled per attempt. @default DEFAULT_RETRY_BACKOFF_MS */
  readonly retryBackoffMs?: number;
  /** @default DEFAULT_MAX_RETRY_BACKOFF_MS */
  readonly maxRetryBackoffMs?: number;
  /** How often the parked commits are re-read (an unpark takes effect within it). @default DEFAULT_PARKED_REFRESH_MS */
  readonly parkedRefreshMs?: number;
}
