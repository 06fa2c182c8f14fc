import type { Db } from 'mongodb';
import { MongoLease } from '@switchyard/mongodb';
import { DEFAULT_LEASE_COLLECTION, DEFAULT_LEASE_NAME, DEFAULT_LEASE_TTL_MS } from '../outbox.constants';

export interface RelayLeaseOptions {
  /** Identity of this relay instance (host:pid:random). */
  readonly holder: string;
  /** @default DEFAULT_LEASE_NAME */
  readonly lease?: string;
  /** @default DEFAULT_LEASE_TTL_MS */
  readonly ttlMs?: number;
  /** @default DEFAULT_LEASE_COLLECTION */
  readonly collection?: string;
  /** Injected clock, for tests. */
  readonly now?: () => number;
}

/**
 * The relays' lease: a {@link MongoLease} (from `@switchyard/mongodb`, which projections share) with the
 * outbox's defaults. A deposed holder may publish a commit once more before it notices, which
 * at-least-once delivery and consumer inboxes absorb.
 */
export class RelayLease extends MongoLease {
  constructor(db: Db, options: RelayLeaseOptions) {
    super(db, {
      holder: options.holder,
      lease: options.lease ?? DEFAULT_LEASE_NAME,
      collection: options.collection ?? DEFAULT_LEASE_COLLECTION,
      ttlMs: options.ttlMs ?? DEFAULT_LEASE_TTL_MS,
      now: options.now,
    });
  }
}
