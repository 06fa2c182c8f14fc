import { classifyFcmError } from '../providers/fcm/fcm-errors';
import { classifyTwilioError } from '../providers/twilio/twilio-errors';
import { fcmRecipientRule, injectedFailure, twilioRecipientRule } from './provider-fake-rules';

describe('the provider fake rules', () => {
  it('refuse push tokens by prefix, with the errors FCM gives', () => {
    expect(fcmRecipientRule('device-1')).toBeUndefined();
    const unregistered = fcmRecipientRule('unregistered-7')!;
    expect(unregistered.status).toBe(404);
    expect(classifyFcmError({ status: 404, json: unregistered.body })).toMatchObject({
      providerCode: 'UNREGISTERED',
      recipientRejected: true,
    });
    expect(fcmRecipientRule('invalid-1')).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    expect(fcmRecipientRule('')).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
  });

  it('refuse numbers: +1555000000x and non-E.164 are 21211, +1555000001x is 21610', () => {
    expect(twilioRecipientRule('+4915112345678')).toBeUndefined();
    expect(twilioRecipientRule('+15550000003')).toMatchObject({ status: 400, code: '21211' });
    expect(twilioRecipientRule('+15005550001')).toMatchObject({ code: '21211' });
    expect(twilioRecipientRule('0151 1234')).toMatchObject({ code: '21211' });
    expect(twilioRecipientRule('+15550000012')).toMatchObject({ code: '21610' });
    expect(twilioRecipientRule('+15005550004')).toMatchObject({ code: '21610' });
    const refusal = twilioRecipientRule('+15550000012')!;
    expect(classifyTwilioError({ status: refusal.status, json: refusal.body })).toMatchObject({
      providerCode: '21610',
      recipientRejected: true,
    });
  });

  it('shape injected failures as each provider does, transient with Retry-After', () => {
    const fcm = injectedFailure('fcm', 503, 2);
    expect(fcm).toMatchObject({ status: 503, code: 'UNAVAILABLE', retryAfterSeconds: 2 });
    expect(classifyFcmError({ status: 503, json: fcm.body, retryAfterMs: 2000 })).toMatchObject({
      providerCode: 'UNAVAILABLE',
      retryAfterMs: 2000,
    });
    expect(injectedFailure('fcm', 429, 1)).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(injectedFailure('twilio', 429, 1)).toMatchObject({ code: '20429' });
    expect(injectedFailure('twilio', 503, undefined)).toMatchObject({ status: 503, code: '20500' });
  });
});
