import { FCM_ERROR_TYPE } from '../providers/fcm/fcm-errors';

/** An error answer the fake gives: status, body shaped as the real provider's, and the provider's code. */
export interface FakeRefusal {
  readonly status: number;
  readonly code: string;
  readonly body: unknown;
  readonly retryAfterSeconds?: number;
}

/** The recipient rules, documented in docs/notifications.md ("The provider fake"). */
export const FAKE_RULES = {
  /** Push tokens starting with this are answered 404 UNREGISTERED. */
  unregisteredTokenPrefix: 'unregistered-',
  /** Push tokens starting with this (or empty) are answered 400 INVALID_ARGUMENT. */
  invalidTokenPrefix: 'invalid-',
  /** Numbers `+1555000000<d>` are answered 21211 (invalid number), as is Twilio's test number +15005550001. */
  invalidNumbers: /^\+1555000000\d$|^\+15005550001$/,
  /** Numbers `+1555000001<d>` are answered 21610 (unsubscribed), as is Twilio's test number +15005550004. */
  unsubscribedNumbers: /^\+1555000001\d$|^\+15005550004$/,
  /** What any number must look like (E.164); others are answered 21211 too. */
  e164: /^\+[1-9]\d{6,14}$/,
} as const;

/** An FCM HTTP v1 error body. */
export function fcmError(status: number, rpcStatus: string, errorCode: string, message: string): FakeRefusal {
  return {
    status,
    code: errorCode,
    body: {
      error: { code: status, message, status: rpcStatus, details: [{ '@type': FCM_ERROR_TYPE, errorCode }] },
    },
  };
}

/** A Twilio error body. */
export function twilioError(status: number, code: number, message: string): FakeRefusal {
  return {
    status,
    code: String(code),
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}

/** The fake's answer for a push token, or undefined to accept it. */
export function fcmRecipientRule(token: string): FakeRefusal | undefined {
  if (token.startsWith(FAKE_RULES.unregisteredTokenPrefix)) {
    return fcmError(404, 'NOT_FOUND', 'UNREGISTERED', 'Requested entity was not found.');
  }
  if (token === '' || token.startsWith(FAKE_RULES.invalidTokenPrefix)) {
    return fcmError(
      400,
      'INVALID_ARGUMENT',
      'INVALID_ARGUMENT',
      'The registration token is not a valid FCM registration token',
    );
  }
  return undefined;
}

/** The fake's answer for an SMS number, or undefined to accept it. */
export function twilioRecipientRule(to: string): FakeRefusal | undefined {
  if (!FAKE_RULES.e164.test(to) || FAKE_RULES.invalidNumbers.test(to)) {
    return twilioError(400, 21211, "The 'To' number is not a valid phone number.");
  }
  if (FAKE_RULES.unsubscribedNumbers.test(to)) {
    return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
  }
  return undefined;
}

/** The answer of an injected failure (`fail-next`), shaped as each provider shapes it. */
export function injectedFailure(
  provider: 'fcm' | 'twilio',
  status: number,
  retryAfterSeconds: number | undefined,
): FakeRefusal {
  const refusal =
    provider === 'fcm'
      ? status === 429
        ? fcmError(429, 'RESOURCE_EXHAUSTED', 'QUOTA_EXCEEDED', 'Sending limit exceeded.')
        : status === 503
          ? fcmError(503, 'UNAVAILABLE', 'UNAVAILABLE', 'The service is currently unavailable.')
          : fcmError(status, 'INTERNAL', 'INTERNAL', 'Internal error encountered.')
      : status === 429
        ? twilioError(429, 20429, 'Too Many Requests')
        : twilioError(status, 20500, 'Internal Server Error');
  return { ...refusal, retryAfterSeconds };
}
