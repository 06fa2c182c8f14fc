import { FCM_ERROR_TYPE, classifyFcmError } from './fcm/fcm-errors';
import { isPermanentProviderError, type PermanentProviderError } from './errors/permanent-provider.error';
import { isTransientProviderError, type TransientProviderError } from './errors/transient-provider.error';
import { classifyTwilioError } from './twilio/twilio-errors';

const fcm = (status: number, rpcStatus: string, errorCode?: string) => ({
  status,
  json: {
    error: {
      code: status,
      message: `${rpcStatus} happened`,
      status: rpcStatus,
      details: errorCode ? [{ '@type': FCM_ERROR_TYPE, errorCode }] : [],
    },
  },
});
const twilio = (status: number, code?: number) => ({
  status,
  json: code === undefined ? undefined : { code, message: `error ${code}`, more_info: 'https://x', status },
});

describe('FCM error classification', () => {
  it.each([
    ['UNREGISTERED', 404, 'NOT_FOUND', true],
    ['INVALID_ARGUMENT', 400, 'INVALID_ARGUMENT', false],
    ['SENDER_ID_MISMATCH', 403, 'PERMISSION_DENIED', true],
    ['THIRD_PARTY_AUTH_ERROR', 401, 'UNAUTHENTICATED', false],
  ])('%s (%i) is permanent, the recipient rejected: %s', (code, status, rpc, recipient) => {
    const err = classifyFcmError(fcm(status, rpc, code));
    expect(isPermanentProviderError(err)).toBe(true);
    expect(err).toMatchObject({
      provider: 'fcm',
      providerCode: code,
      httpStatus: status,
      reason: `fcm:${code}`,
    });
    expect((err as PermanentProviderError).recipientRejected).toBe(recipient);
  });

  it.each([
    ['QUOTA_EXCEEDED', 429, 'RESOURCE_EXHAUSTED'],
    ['UNAVAILABLE', 503, 'UNAVAILABLE'],
    ['INTERNAL', 500, 'INTERNAL'],
  ])('%s (%i) is transient and keeps Retry-After', (code, status, rpc) => {
    const err = classifyFcmError({ ...fcm(status, rpc, code), retryAfterMs: 2000 });
    expect(isTransientProviderError(err)).toBe(true);
    expect(err).toMatchObject({ providerCode: code, httpStatus: status });
    expect((err as TransientProviderError).retryAfterMs).toBe(2000);
  });

  it("falls back to the error's status, then to the HTTP status, for the code", () => {
    const badRequest = classifyFcmError(fcm(400, 'INVALID_ARGUMENT'));
    expect(badRequest).toMatchObject({ providerCode: 'INVALID_ARGUMENT' });
    expect(isPermanentProviderError(badRequest)).toBe(true);
    const bare = classifyFcmError({ status: 502, json: undefined });
    expect(bare).toMatchObject({ providerCode: 'HTTP_502' });
    expect(isTransientProviderError(bare)).toBe(true);
    expect(isPermanentProviderError(classifyFcmError({ status: 413, json: undefined }))).toBe(true);
  });
});

describe('Twilio error classification', () => {
  it.each([
    [21211, true],
    [21610, true],
    [20003, false],
    [21602, false],
  ])('%i is permanent, the recipient rejected: %s', (code, recipient) => {
    const err = classifyTwilioError(twilio(code === 20003 ? 401 : 400, code));
    expect(isPermanentProviderError(err)).toBe(true);
    expect(err).toMatchObject({ provider: 'twilio', providerCode: String(code), reason: `twilio:${code}` });
    expect((err as PermanentProviderError).recipientRejected).toBe(recipient);
  });

  it('20429, any 429 and any 5xx are transient with Retry-After', () => {
    const tooMany = classifyTwilioError({ ...twilio(429, 20429), retryAfterMs: 1000 });
    expect(isTransientProviderError(tooMany)).toBe(true);
    expect(tooMany).toMatchObject({ providerCode: '20429', retryAfterMs: 1000 });
    expect(isTransientProviderError(classifyTwilioError(twilio(503, 20500)))).toBe(true);
    const bare = classifyTwilioError(twilio(500));
    expect(isTransientProviderError(bare)).toBe(true);
    expect(bare).toMatchObject({ providerCode: 'HTTP_500' });
  });
});
