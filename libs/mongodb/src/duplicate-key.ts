/** The MongoDB (and FerretDB) error code of a unique-index violation. */
export const DUPLICATE_KEY_CODE = 11000;

/**
 * Whether an error is a unique-index violation, told by its code alone: never by the message,
 * `keyPattern` or `keyValue`, which differ between MongoDB and FerretDB.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY_CODE;
}
