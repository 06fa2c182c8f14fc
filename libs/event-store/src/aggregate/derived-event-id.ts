import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version 8, from SHA-256 of the parts): the same parts always give the same id, and
 * different parts (or the same text split differently) give different ones.
 */
export function nameBasedUuid(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The id of the `index`-th event (0-based) a command with this idempotency key appends to `stream`.
 * A retried command (a redelivered event whose id is the key) decides the same events with the same ids,
 * and the store answers such an append with the original one and stores nothing.
 */
export function derivedEventId(idempotencyKey: string, stream: string, index: number): string {
  return nameBasedUuid('switchyard:event', idempotencyKey, stream, String(index));
}
