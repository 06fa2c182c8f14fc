import { PermanentProviderError } from '../errors/permanent-provider.error';
import { TransientProviderError } from '../errors/transient-provider.error';
import type { ProviderAnswer } from '../provider-request';

/** Twilio error codes the worker tells apart. */
export const TWILIO_ERROR_CODES = {
  /** The 'To' number is not a valid phone number. */
  invalidNumber: 21211,
  /** The recipient replied STOP: unsubscribed. */
  unsubscribed: 21610,
  /** Too many requests. */
  tooManyRequests: 20429,
  /** Authentication failed. */
  authenticationFailed: 20003,
} as const;

/** Codes that condemn the number itself. */
const RECIPIENT_CODES = new Set<number>([TWILIO_ERROR_CODES.invalidNumber, TWILIO_ERROR_CODES.unsubscribed]);

interface TwilioErrorBody {
  readonly code?: number;
  readonly message?: string;
  readonly more_info?: string;
  readonly status?: number;
}

/**
 * A Twilio error answer (`{"code":21211,"message","more_info","status":400}`) as a typed error. 20429, any
 * 429 and any 5xx are transient (with `Retry-After` when sent); everything else is permanent, 21211
 * (invalid number) and 21610 (unsubscribed) as a rejected recipient. The code is Twilio's numeric code,
 * or `HTTP_<status>` when the body has none.
 */
export function classifyTwilioError(answer: ProviderAnswer): TransientProviderError | PermanentProviderError {
  const body = answer.json as TwilioErrorBody | undefined;
  const numeric = typeof body?.code === 'number' ? body.code : undefined;
  const code = numeric === undefined ? `HTTP_${answer.status}` : String(numeric);
  const detail = body?.message ?? 'no error message';
  if (numeric === TWILIO_ERROR_CODES.tooManyRequests || answer.status === 429 || answer.status >= 500) {
    return new TransientProviderError('twilio', code, answer.status, detail, answer.retryAfterMs);
  }
  return new PermanentProviderError(
    'twilio',
    code,
    answer.status,
    detail,
    numeric !== undefined && RECIPIENT_CODES.has(numeric),
  );
}
