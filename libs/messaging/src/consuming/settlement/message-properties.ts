import type { ConsumeMessage } from 'amqplib';

/** The properties kept when a message is re-published to a retry tier or the dead-letter queue. */
export function copyProperties(msg: ConsumeMessage): {
  messageId?: string;
  type?: string;
  correlationId?: string;
  timestamp?: number;
  contentType?: string;
  appId?: string;
} {
  const p = msg.properties;
  return {
    messageId: str(p.messageId),
    type: str(p.type),
    correlationId: str(p.correlationId),
    timestamp: typeof p.timestamp === 'number' ? p.timestamp : undefined,
    contentType: str(p.contentType),
    appId: str(p.appId),
  };
}

/** A header or property as a string (AMQP may hand strings over as buffers). */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return undefined;
}

/** A header as a finite number, from a number or a numeric string. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}
