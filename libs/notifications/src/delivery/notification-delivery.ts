import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { EventData } from '@switchyard/contracts';
import type { OrderPlaced } from '@switchyard/examples';
import { DeadLetter, Retry, type ConsumeResult, type MessageContext } from '@switchyard/messaging';
import type { ProviderName } from '../providers/errors/notification-provider.error';
import { isPermanentProviderError } from '../providers/errors/permanent-provider.error';
import { isTransientProviderError } from '../providers/errors/transient-provider.error';
import type { ProviderAcceptance, PushProvider, SmsProvider } from '../providers/notification-provider';
import {
  DEFAULT_CLAIM_POLL_MS,
  DEFAULT_CONTACT_RETRY_MS,
  NOTIFICATIONS_SENT_COLLECTION,
  ORDER_CONTACTS_COLLECTION,
  UNREGISTERED_REASON,
} from '../notifications.constants';
import {
  PUSH_TEMPLATES,
  SMS_TEMPLATES,
  type PushEventType,
  type SmsEventType,
} from '../templates/notification-templates';
import { UnregisteredRecipientError } from './errors/unregistered-recipient.error';
import type { OrderContacts } from './order-contacts';
import { maskRecipient } from './recipient-mask';
import type { HeldClaim, SendClaims } from './send-claims';
import type { SentNotification, SentNotifications } from './sent-notifications';
import type { TokenBucket } from './token-bucket';
import type { UnregisteredTokens } from './unregistered-tokens';

/** What {@link NotificationDelivery} works with. */
export interface NotificationDeliveryDeps {
  readonly push: PushProvider;
  readonly sms: SmsProvider;
  /** The push provider's rate limit in this process. */
  readonly pushLimit: TokenBucket;
  /** The SMS provider's rate limit in this process. */
  readonly smsLimit: TokenBucket;
  readonly sent: SentNotifications;
  readonly claims: SendClaims;
  readonly unregistered: UnregisteredTokens;
  readonly contacts: OrderContacts;
  /** Names this process in records, claims and logs. */
  readonly workerId: string;
  /** @see DEFAULT_CLAIM_TTL_MS */
  readonly claimTtlMs: number;
  /** @default DEFAULT_CONTACT_RETRY_MS */
  readonly contactRetryMs?: number;
  /** @default DEFAULT_CLAIM_POLL_MS */
  readonly claimPollMs?: number;
}

/** One notification about to go out. */
interface Outgoing {
  readonly channel: 'push' | 'sms';
  readonly provider: ProviderName;
  readonly template: string;
  readonly orderId: string;
  /** The push token or phone number; undefined: the order has none, nothing to send. */
  readonly recipient: string | undefined;
  readonly limit: TokenBucket;
  send(recipient: string, signal: AbortSignal): Promise<ProviderAcceptance>;
}

type OrderRef = { readonly orderId: string };

/**
 * The notification rules, one method per consumer, each taking the delivery's context and answering
 * with its outcome (ack, `Retry`, `DeadLetter`):
 *
 * 1. Already recorded (a delivery of this event committed it, and the inbox record did not follow): ack.
 * 2. No push token / phone number for the order: recorded as `skipped`.
 * 3. A push token marked unregistered: dead letter `unregistered`, the provider is not called.
 * 4. Claim the send (one delivery at a time per notification, also across processes); while another
 *    delivery of the same event holds the claim, wait for it to record the notification or let go.
 * 5. Wait for the provider's rate limit; send with `notificationId` (the inbox key) as the idempotency key
 *    where the provider takes one (FCM `data.notificationId`; Twilio takes none).
 * 6. Transient error (429, 5xx, timeout): `Retry` no sooner than `Retry-After`. Permanent error: dead
 *    letter `<provider>:<code>` with the error; an UNREGISTERED token is marked first.
 * 7. Accepted: the record through `ctx.inbox.recordWith` (the exactly-once commit), then the claim is let go.
 */
export class NotificationDelivery {
  private readonly logger = new Logger('NotificationDelivery');

  constructor(private readonly deps: NotificationDeliveryDeps) {}

  /** `notifications.contacts`, `order.placed`: keeps the order's push token and phone number. */
  async recordContact(ctx: MessageContext<EventData<OrderPlaced>>): Promise<ConsumeResult> {
    const e = ctx.event;
    await ctx.inbox.recordWith(ORDER_CONTACTS_COLLECTION, {
      _id: e.orderId,
      orderId: e.orderId,
      customerId: e.customerId,
      ...(e.customerPushToken === undefined ? {} : { pushToken: e.customerPushToken }),
      ...(e.customerPhone === undefined ? {} : { phone: e.customerPhone }),
      recordedAt: new Date(),
    });
  }

  /** `notifications.push`: `order.placed` (token from the event) and `payment.captured` (from contacts). */
  async sendPush(ctx: MessageContext<OrderRef>): Promise<ConsumeResult> {
    const template = PUSH_TEMPLATES[ctx.type as PushEventType];
    if (!template) return new DeadLetter(`no push template for ${ctx.type}`);
    const orderId = ctx.event.orderId;
    let token: string | undefined;
    if (ctx.type === 'order.placed') {
      token = (ctx.event as unknown as EventData<OrderPlaced>).customerPushToken;
    } else {
      const contact = await this.deps.contacts.find(orderId);
      if (!contact) return this.contactUnknown(orderId);
      token = contact.pushToken;
    }
    const content = (template.render as (e: unknown) => ReturnType<typeof template.render>)(ctx.event);
    return this.deliver(ctx, {
      channel: 'push',
      provider: 'fcm',
      template: template.name,
      orderId,
      recipient: token,
      limit: this.deps.pushLimit,
      send: (recipient, signal) =>
        this.deps.push.send(
          { token: recipient, ...content, data: { ...content.data, notificationId: ctx.inbox.key } },
          { signal },
        ),
    });
  }

  /** `notifications.sms`: `order.shipped` and `payment.failed`, the number from contacts. */
  async sendSms(ctx: MessageContext<OrderRef>): Promise<ConsumeResult> {
    const template = SMS_TEMPLATES[ctx.type as SmsEventType];
    if (!template) return new DeadLetter(`no SMS template for ${ctx.type}`);
    const orderId = ctx.event.orderId;
    const contact = await this.deps.contacts.find(orderId);
    if (!contact) return this.contactUnknown(orderId);
    const content = (template.render as (e: unknown) => ReturnType<typeof template.render>)(ctx.event);
    return this.deliver(ctx, {
      channel: 'sms',
      provider: 'twilio',
      template: template.name,
      orderId,
      recipient: contact.phone,
      limit: this.deps.smsLimit,
      send: (recipient, signal) => this.deps.sms.send({ to: recipient, body: content.body }, { signal }),
    });
  }

  private contactUnknown(orderId: string): Retry {
    // order.placed reaches notifications.contacts on its own queue; a later event can overtake it.
    return new Retry(
      `the contact details of order ${orderId} are not recorded yet`,
      this.deps.contactRetryMs ?? DEFAULT_CONTACT_RETRY_MS,
    );
  }

  private async deliver(ctx: MessageContext<OrderRef>, n: Outgoing): Promise<ConsumeResult> {
    const key = ctx.inbox.key;
    if (await this.deps.sent.has(key)) return;
    if (n.recipient === undefined) {
      await this.commit(ctx, n, {
        status: 'skipped',
        skipReason: n.channel === 'push' ? 'no-push-token' : 'no-phone',
      });
      return;
    }
    if (n.channel === 'push') {
      const mark = await this.deps.unregistered.find(n.recipient);
      if (mark) {
        return new DeadLetter(
          UNREGISTERED_REASON,
          new UnregisteredRecipientError(
            maskRecipient(n.recipient),
            mark.markedAt,
            mark.providerCode,
            mark.eventId,
          ),
        );
      }
    }
    const claim = await this.awaitClaim(ctx);
    if (claim === 'sent') return;
    try {
      // The claim's previous holder may have committed between the first check and the claim.
      if (await this.deps.sent.has(key)) return;
      await n.limit.take(ctx.signal);
      ctx.signal.throwIfAborted();
      let accepted: ProviderAcceptance;
      try {
        accepted = await n.send(n.recipient, ctx.signal);
      } catch (err) {
        return await this.onProviderError(ctx, n, n.recipient, err);
      }
      const outcome = await this.commit(ctx, n, {
        status: 'sent',
        provider: n.provider,
        providerMessageId: accepted.providerMessageId,
        recipient: maskRecipient(n.recipient),
      });
      if (outcome === 'duplicate') {
        this.logger.warn(`${key} was recorded by another delivery while this one sent it too`);
      }
    } finally {
      await this.deps.claims
        .release(claim)
        .catch((err: unknown) => this.logger.warn(`could not release the claim on ${key}: ${String(err)}`));
    }
  }

  /**
   * Claims the send, or waits while another delivery of the same event holds it: until that one has
   * recorded the notification (`'sent'`: nothing left to do), let its claim go (it failed: this one tries)
   * or outlived its lease (it crashed). The wait ends with the attempt's signal at the latest.
   */
  private async awaitClaim(ctx: MessageContext<OrderRef>): Promise<HeldClaim | 'sent'> {
    const key = ctx.inbox.key;
    for (;;) {
      const claim = await this.deps.claims.claim(key, this.deps.workerId, this.deps.claimTtlMs);
      if (claim.claimed) return claim;
      if (await this.deps.sent.has(key)) return 'sent';
      try {
        await sleep(this.deps.claimPollMs ?? DEFAULT_CLAIM_POLL_MS, undefined, { signal: ctx.signal });
      } catch (err) {
        throw ctx.signal.aborted ? ctx.signal.reason : err;
      }
    }
  }

  private async onProviderError(
    ctx: MessageContext<OrderRef>,
    n: Outgoing,
    recipient: string,
    err: unknown,
  ): Promise<ConsumeResult> {
    if (isTransientProviderError(err)) {
      this.logger.log(`${ctx.inbox.key} (attempt ${ctx.attempt}) will be retried: ${err.message}`);
      return new Retry(err.message, err.retryAfterMs);
    }
    if (isPermanentProviderError(err)) {
      if (err.recipientRejected && n.channel === 'push') {
        await this.deps.unregistered.mark(recipient, {
          provider: err.provider,
          providerCode: err.providerCode,
          eventId: ctx.messageId,
          message: err.message,
        });
      }
      this.logger.warn(
        `${ctx.inbox.key} to ${maskRecipient(recipient)} dead-lettered as ${err.reason}: ${err.message}`,
      );
      return new DeadLetter(err.reason, err);
    }
    throw err;
  }

  private commit(
    ctx: MessageContext<OrderRef>,
    n: Outgoing,
    result: Pick<SentNotification, 'status' | 'skipReason' | 'provider' | 'providerMessageId' | 'recipient'>,
  ): Promise<'recorded' | 'duplicate'> {
    const record: SentNotification = {
      notificationId: ctx.inbox.key,
      channel: n.channel,
      template: n.template,
      eventType: ctx.type,
      eventId: ctx.messageId,
      orderId: n.orderId,
      ...result,
      worker: this.deps.workerId,
      attempt: ctx.attempt,
      at: new Date(),
    };
    return ctx.inbox.recordWith(NOTIFICATIONS_SENT_COLLECTION, { ...record });
  }
}
