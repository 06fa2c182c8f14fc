import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import { isDuplicateKeyError } from '@switchyard/mongodb';

/** Every notification the fake accepted: one document per notification key (unique `_id`). */
export const FAKE_ACCEPTED_COLLECTION = 'provider_fake_accepted';
/** Every accepted request whose notification key was accepted before: a second send. */
export const FAKE_DUPLICATES_COLLECTION = 'provider_fake_duplicates';
/** Every request the fake refused (recipient rules, injected failures, bad requests, bad credentials). */
export const FAKE_REFUSED_COLLECTION = 'provider_fake_refused';

/** One accepted notification. */
export interface FakeAcceptedNotification {
  /** The notification key: `fcm:<data.notificationId>` or `twilio:<To>:<hash of Body>`. */
  readonly _id: string;
  readonly provider: 'fcm' | 'twilio';
  readonly providerMessageId: string;
  readonly recipient: string;
  readonly title?: string;
  readonly body: string;
  readonly data?: Readonly<Record<string, string>>;
  readonly acceptedAt: Date;
}

/** One refused request. */
export interface FakeRefusedRequest {
  readonly provider: 'fcm' | 'twilio';
  readonly recipient: string;
  readonly status: number;
  readonly code: string;
  readonly at: Date;
}

/**
 * The key the fake counts a notification by. FCM: the sender's idempotency key `data.notificationId`
 * (a message without one gets a key of its own, so it is never a duplicate). Twilio takes no idempotency
 * key: the recipient and the text stand for the notification.
 */
export function fakeNotificationKey(
  provider: 'fcm' | 'twilio',
  recipient: string,
  body: string,
  notificationId: string | undefined,
  fallback: string,
): string {
  if (provider === 'fcm') return `fcm:${notificationId ?? `none:${fallback}`}`;
  return `twilio:${recipient}:${createHash('sha256').update(body).digest('hex').slice(0, 24)}`;
}

/** Where the fake records what it accepted and refused. */
export class ProviderFakeStore {
  constructor(readonly db: Db) {}

  /**
   * Records an accepted notification; a second one with the same key is recorded as a duplicate and
   * answered with the first one's id (what an idempotent provider would do).
   */
  async accept(doc: FakeAcceptedNotification): Promise<{ duplicate: boolean; providerMessageId: string }> {
    try {
      await this.db.collection<FakeAcceptedNotification>(FAKE_ACCEPTED_COLLECTION).insertOne(doc);
      return { duplicate: false, providerMessageId: doc.providerMessageId };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await this.db.collection(FAKE_DUPLICATES_COLLECTION).insertOne({
        key: doc._id,
        provider: doc.provider,
        providerMessageId: doc.providerMessageId,
        at: new Date(),
      });
      const first = await this.db
        .collection<FakeAcceptedNotification>(FAKE_ACCEPTED_COLLECTION)
        .findOne({ _id: doc._id });
      return { duplicate: true, providerMessageId: first?.providerMessageId ?? doc.providerMessageId };
    }
  }

  async refuse(doc: Omit<FakeRefusedRequest, 'at'>): Promise<void> {
    await this.db.collection(FAKE_REFUSED_COLLECTION).insertOne({ ...doc, at: new Date() });
  }

  /** The accepted notifications (all, or those matching an equality filter). */
  accepted(filter: Partial<Pick<FakeAcceptedNotification, '_id' | 'provider' | 'recipient'>> = {}) {
    return this.db.collection<FakeAcceptedNotification>(FAKE_ACCEPTED_COLLECTION).find(filter).toArray();
  }

  /** How many requests were accepted again for a key already accepted. */
  duplicates(): Promise<number> {
    return this.db.collection(FAKE_DUPLICATES_COLLECTION).countDocuments();
  }

  /** The refused requests (all, or those matching an equality filter). */
  refused(filter: Partial<Pick<FakeRefusedRequest, 'provider' | 'recipient' | 'code'>> = {}) {
    return this.db.collection<FakeRefusedRequest>(FAKE_REFUSED_COLLECTION).find(filter).toArray();
  }
}
