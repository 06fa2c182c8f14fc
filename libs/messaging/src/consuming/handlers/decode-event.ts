import { HEADERS } from '../../messaging.constants';
import { DEATH_REASONS } from './consume-result';
import type { EventValidator } from './event-validator';
import { num } from '../settlement/message-properties';

/** A payload ready for the handler, or why the message must be dead-lettered (no retry helps). */
export type DecodedEvent =
  | { readonly ok: true; readonly event: unknown }
  | { readonly ok: false; readonly reason: string; readonly error: unknown };

/**
 * Parses the JSON payload, then (with a validator) checks it against its contract and upcasts it.
 * Invalid JSON or data is `invalid-payload`; a validator error named `Unknown…` is `unknown-event`.
 */
export function decodeEvent(
  content: Buffer,
  type: string,
  headers: Readonly<Record<string, unknown>>,
  validator: EventValidator | undefined,
): DecodedEvent {
  let event: unknown;
  try {
    event = JSON.parse(content.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: DEATH_REASONS.invalidPayload, error: err };
  }
  if (validator) {
    try {
      const version = num(headers[HEADERS.schemaVersion]) ?? 1;
      event = validator.validate(type, version, event) ?? event;
      if (validator.upcast && typeof event === 'object' && event !== null && !Array.isArray(event)) {
        event = validator.upcast(type, version, event as Record<string, unknown>).data;
      }
    } catch (err) {
      const unknown = err instanceof Error && /^Unknown/.test(err.name);
      return {
        ok: false,
        reason: unknown ? DEATH_REASONS.unknownEvent : DEATH_REASONS.invalidPayload,
        error: err,
      };
    }
  }
  return { ok: true, event };
}
