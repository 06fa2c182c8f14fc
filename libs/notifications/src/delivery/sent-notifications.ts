import type { Db } from 'mongodb';
import { NOTIFICATIONS_SENT_COLLECTION } from '../notifications.constants';

/** What happened to one notification (one event on one channel): its record, written once. */
export interface SentNotification {
  /** `<queue>:<event id>`, the inbox key: one per event and channel. */
  readonly notificationId: string;
  readonly channel: 'push' | 'sms';
  readonly template: string;
  readonly eventType: string;
  readonly eventId: string;
  readonly orderId: string;
  /** `sent`, or `skipped` when the order has no push token / phone number. */
  readonly status: 'sent' | 'skipped';
  readonly skipReason?: string;
  readonly provider?: 'fcm' | 'twilio';
  readonly providerMessageId?: string;
  /** Masked (see `maskRecipient`). */
  readonly recipient?: string;
  readonly worker: string;
  readonly attempt: number;
  readonly at: Date;
}

/** Whether a notification has its record already. */
export interface SentNotifications {
  has(notificationId: string): Promise<boolean>;
}

/** {@link SentNotifications} over the collection `recordWith` writes (`inboxKey` is the notification id). */
export class MongoSentNotifications implements SentNotifications {
  constructor(private readonly db: Db) {}

  /** The unique `inboxKey` index `recordWith` would create (same name and options), made before first use. */
  async ensureIndexes(): Promise<void> {
    await this.db
      .collection(NOTIFICATIONS_SENT_COLLECTION)
      .createIndex({ inboxKey: 1 }, { unique: true, name: 'inbox_key' });
  }

  async has(notificationId: string): Promise<boolean> {
    const found = await this.db
      .collection(NOTIFICATIONS_SENT_COLLECTION)
      .findOne({ inboxKey: notificationId }, { projection: { _id: 1 } });
    return found !== null;
  }
}
