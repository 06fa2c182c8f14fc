import { PermanentProviderError } from '../errors/permanent-provider.error';
import { TransientProviderError } from '../errors/transient-provider.error';
import type { ProviderAnswer } from '../provider-request';

/** The `@type` of FCM's own entry in an error's `details`. */
export const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';

/** FCM HTTP v1 error codes (`details[].errorCode`) the worker tells apart. */
export const FCM_ERROR_CODES = {
  unregistered: 'UNREGISTERED',
  invalidArgument: 'INVALID_ARGUMENT',
  senderIdMismatch: 'SENDER_ID_MISMATCH',
  quotaExceeded: 'QUOTA_EXCEEDED',
  unavailable: 'UNAVAILABLE',
  internal: 'INTERNAL',
  thirdPartyAuthError: 'THIRD_PARTY_AUTH_ERROR',
} as const;

/** Codes that mean "later": FCM asks to back off and retry (with `Retry-After` where given). */
const TRANSIENT_CODES = new Set<string>([
  FCM_ERROR_CODES.quotaExceeded,
  FCM_ERROR_CODES.unavailable,
  FCM_ERROR_CODES.internal,
]);

/** Codes that condemn the token itself: no later message to it can succeed. */
const RECIPIENT_CODES = new Set<string>([FCM_ERROR_CODES.unregistered, FCM_ERROR_CODES.senderIdMismatch]);

interface FcmErrorBody {
  readonly error?: {
    readonly code?: number;
    readonly message?: string;
    readonly status?: string;
    readonly details?: readonly { readonly '@type'?: string; readonly errorCode?: string }[];
  };
}

/**
 * An FCM HTTP v1 error answer as a typed error. The code is the `FcmError` entry's `errorCode` (falling
 * back to the error's `status`, then `HTTP_<status>`): `QUOTA_EXCEEDED`, `UNAVAILABLE`, `INTERNAL`, any
 * 429 or 5xx are transient (with `Retry-After`); everything else is permanent, `UNREGISTERED` and
 * `SENDER_ID_MISMATCH` as a rejected recipient. Bad credentials (401/403) are permanent too: retrying the
 * same request cannot fix them, and a dead letter can be replayed once they are.
 */
export function classifyFcmError(answer: ProviderAnswer): TransientProviderError | PermanentProviderError {
  const error = (answer.json as FcmErrorBody | undefined)?.error;
  const fcmCode = error?.details?.find((d) => d['@type'] === FCM_ERROR_TYPE)?.errorCode;
  const code = fcmCode ?? error?.status ?? `HTTP_${answer.status}`;
  const detail = error?.message ?? 'no error message';
  if (TRANSIENT_CODES.has(code) || answer.status === 429 || answer.status >= 500) {
    return new TransientProviderError('fcm', code, answer.status, detail, answer.retryAfterMs);
  }
  return new PermanentProviderError('fcm', code, answer.status, detail, RECIPIENT_CODES.has(code));
}
