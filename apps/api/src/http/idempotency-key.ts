import { createHash } from 'node:crypto';
import { InvalidRequestError } from '../errors/invalid-request.error';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The `Idempotency-Key` of a create request, or `undefined` without the header.
 * @throws InvalidRequestError when it is not 1–255 visible ASCII characters
 */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw new InvalidRequestError([
      {
        field: 'Idempotency-Key',
        constraints: ['Idempotency-Key must be 1 to 255 visible ASCII characters'],
      },
    ]);
  }
  return header;
}

/**
 * The id of the order an idempotency key creates: a name-based UUID (version 8, from SHA-256), so every
 * retry of the request targets the same stream and the store's `noStream` check makes it happen once.
 */
export function orderIdForKey(key: string): string {
  const hex = createHash('sha256').update(`switchyard:order:${key}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
