import type { ProviderAcceptance, SendOptions, SmsMessage, SmsProvider } from '../notification-provider';
import { postToProvider } from '../provider-request';
import { classifyTwilioError } from './twilio-errors';

/** Where and as whom the Twilio provider sends. */
export interface TwilioProviderOptions {
  /** @example 'https://api.twilio.com' */
  readonly baseUrl: string;
  readonly accountSid: string;
  /** Never logged. */
  readonly authToken: string;
  /** The sending number (E.164) or alphanumeric sender id. */
  readonly from: string;
  /** @default DEFAULT_PROVIDER_TIMEOUT_MS */
  readonly timeoutMs: number;
}

/**
 * SMS through Twilio's Messages API: `POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json` with
 * basic auth (AccountSid:AuthToken) and the form fields `To`, `From`, `Body`; the answer's `sid` is the
 * message id. Errors as {@link classifyTwilioError} reads them. Twilio takes no idempotency key: a request
 * sent twice is two SMS.
 */
export class TwilioSmsProvider implements SmsProvider {
  private readonly url: string;
  private readonly authorization: string;

  constructor(private readonly options: TwilioProviderOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  }

  async send(message: SmsMessage, options: SendOptions = {}): Promise<ProviderAcceptance> {
    const answer = await postToProvider({
      provider: 'twilio',
      url: this.url,
      headers: {
        authorization: this.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ To: message.to, From: this.options.from, Body: message.body }).toString(),
      timeoutMs: this.options.timeoutMs,
      signal: options.signal,
    });
    if (answer.status >= 200 && answer.status < 300) {
      const sid = (answer.json as { sid?: unknown } | undefined)?.sid;
      return { providerMessageId: typeof sid === 'string' ? sid : '' };
    }
    throw classifyTwilioError(answer);
  }
}
