import type { GetMessage } from 'amqplib';
import { HEADERS } from '../../messaging.constants';

/** One dead-lettered message as `switchyard dlq list` shows it. */
export interface DeadLetterRow {
  readonly messageId: string;
  readonly type: string;
  readonly reason: string;
  readonly attempts: number;
  readonly failedAt: string;
  /** `x-original-queue`; empty for a dead letter the broker wrote itself (TTL, max-length). */
  readonly originalQueue: string;
  readonly errorMessage: string;
}

/** A fetched dead letter as a row; missing headers are empty strings (nothing is guessed). */
export function deadLetterRow(m: GetMessage): DeadLetterRow {
  const h = (m.properties.headers ?? {}) as Record<string, unknown>;
  return {
    messageId: headerText(m.properties.messageId),
    type: headerText(m.properties.type) || headerText(h[HEADERS.originalRoutingKey]),
    reason: headerText(h[HEADERS.deathReason]) || headerText(h['x-first-death-reason']),
    attempts: Number(h[HEADERS.attempts] ?? 0),
    failedAt: headerText(h[HEADERS.failedAt]),
    originalQueue: headerText(h[HEADERS.originalQueue]),
    errorMessage: headerText(h[HEADERS.errorMessage]),
  };
}

/** A header or property as text (AMQP may hand strings over as buffers); '' when absent. */
export function headerText(v: unknown): string {
  return v === undefined || v === null ? '' : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}
