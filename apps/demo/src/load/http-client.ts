import { CLIENT_MAX_RETRIES } from '../demo.constants';

/** One answer of the API. */
export interface HttpAnswer {
  readonly status?: number;
  readonly body?: Record<string, unknown>;
  readonly headers?: Headers;
  /** Requests sent: 1 + retries. */
  readonly attempts: number;
  readonly error?: string;
}

/** Whether a client retries the answer with the same request (and idempotency key). */
export function isRetryable(status: number | undefined): boolean {
  return status === undefined || status === 502 || status === 503 || status === 504 || status === 500;
}

/**
 * A client as a careful one behaves: a 5xx or a lost connection is retried with the same request, so
 * with the same `Idempotency-Key` (the API answers the retry as a replay), with a growing pause.
 */
export async function sendWithRetries(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: unknown },
  maxRetries = CLIENT_MAX_RETRIES,
): Promise<HttpAnswer> {
  let last: HttpAnswer = { attempts: 0 };
  for (let attempt = 1; attempt <= maxRetries + 1; attempt++) {
    try {
      const res = await fetch(url, {
        method: init.method,
        headers: { 'content-type': 'application/json', ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      last = {
        status: res.status,
        headers: res.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
        attempts: attempt,
      };
    } catch (err) {
      last = { attempts: attempt, error: err instanceof Error ? err.message : String(err) };
    }
    if (!isRetryable(last.status)) return last;
    await new Promise((r) => setTimeout(r, 100 * 2 ** (attempt - 1)));
  }
  return last;
}
