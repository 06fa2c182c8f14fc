import type { PushMessage, PushProvider, ProviderAcceptance, SendOptions } from '../notification-provider';
import { postToProvider } from '../provider-request';
import { classifyFcmError } from './fcm-errors';

/** Where and as whom the FCM provider sends. */
export interface FcmProviderOptions {
  /** @example 'https://fcm.googleapis.com' */
  readonly baseUrl: string;
  readonly projectId: string;
  /**
   * The OAuth 2 bearer token, or a function returning the current one (a real deployment mints it from a
   * service account and refreshes it; the fake takes a fixed one). Never logged.
   */
  readonly accessToken: string | (() => string | Promise<string>);
  /** @default DEFAULT_PROVIDER_TIMEOUT_MS */
  readonly timeoutMs: number;
}

/**
 * Push through FCM HTTP v1: `POST {baseUrl}/v1/projects/{projectId}/messages:send` with a bearer token
 * and `{"message":{"token","notification":{"title","body"},"data":{...}}}`; the answer's `name` is the
 * message id. Errors as {@link classifyFcmError} reads them.
 */
export class FcmPushProvider implements PushProvider {
  private readonly url: string;

  constructor(private readonly options: FcmProviderOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(options.projectId)}/messages:send`;
  }

  async send(message: PushMessage, options: SendOptions = {}): Promise<ProviderAcceptance> {
    const token =
      typeof this.options.accessToken === 'function'
        ? await this.options.accessToken()
        : this.options.accessToken;
    const answer = await postToProvider({
      provider: 'fcm',
      url: this.url,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        message: {
          token: message.token,
          notification: { title: message.title, body: message.body },
          ...(message.data ? { data: message.data } : {}),
        },
      }),
      timeoutMs: this.options.timeoutMs,
      signal: options.signal,
    });
    if (answer.status >= 200 && answer.status < 300) {
      const name = (answer.json as { name?: unknown } | undefined)?.name;
      return { providerMessageId: typeof name === 'string' ? name : '' };
    }
    throw classifyFcmError(answer);
  }
}
