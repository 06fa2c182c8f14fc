import { createHash, randomBytes } from 'node:crypto';

/** The hashing algorithm name RabbitMQ records next to a `password_hash`. */
export const RABBIT_PASSWORD_HASHING = 'rabbit_password_hashing_sha256';

/**
 * Hashes a password the way RabbitMQ does (`rabbit_password_hashing_sha256`): base64 of a 4-byte random
 * salt followed by SHA-256(salt ‖ UTF-8 password). Definitions files and the management API accept it, so
 * the password itself never has to be written down or sent.
 */
export function rabbitPasswordHash(password: string, salt: Buffer = randomBytes(4)): string {
  const digest = createHash('sha256').update(salt).update(password, 'utf8').digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

/** Whether `password` is the one behind a RabbitMQ SHA-256 `password_hash` (reuses its salt). */
export function matchesRabbitPasswordHash(password: string, passwordHash: string): boolean {
  const raw = Buffer.from(passwordHash, 'base64');
  if (raw.length !== 36) return false;
  return rabbitPasswordHash(password, raw.subarray(0, 4)) === passwordHash;
}
