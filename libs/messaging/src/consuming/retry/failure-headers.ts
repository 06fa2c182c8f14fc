import { HEADERS } from '../../messaging.constants';

/** Headers of a message re-published to a retry tier: attempts counted, its origin kept. */
export function retryHeaders(
  headers: Readonly<Record<string, unknown>>,
  attempts: number,
  origin: { exchange: string; routingKey: string; queue: string },
): Record<string, unknown> {
  const out = withoutBrokerHeaders(headers);
  out[HEADERS.attempts] = attempts;
  out[HEADERS.originalExchange] = origin.exchange;
  out[HEADERS.originalRoutingKey] = origin.routingKey;
  out[HEADERS.originalQueue] = origin.queue;
  return out;
}

/** Headers of a dead-lettered message: why it died, the error, how often it was tried, where from. */
export function deadLetterHeaders(
  headers: Readonly<Record<string, unknown>>,
  death: {
    reason: string;
    error?: unknown;
    attempts: number;
    exchange: string;
    routingKey: string;
    queue: string;
    failedAt?: Date;
  },
): Record<string, unknown> {
  const out = retryHeaders(headers, death.attempts, death);
  out[HEADERS.deathReason] = death.reason;
  const err = death.error;
  if (err !== undefined) {
    const e = err instanceof Error ? err : undefined;
    out[HEADERS.errorName] = e?.name ?? typeof err;
    out[HEADERS.errorMessage] = truncate(e?.message ?? String(err), 1000);
    if (e?.stack) out[HEADERS.errorStack] = e.stack.split('\n').slice(0, 5).join('\n');
  }
  out[HEADERS.failedAt] = (death.failedAt ?? new Date()).toISOString();
  return out;
}

/** Replay: back to work with the attempts reset and the death headers gone. */
export function replayHeaders(headers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out = withoutBrokerHeaders(headers);
  for (const h of [
    HEADERS.deathReason,
    HEADERS.errorName,
    HEADERS.errorMessage,
    HEADERS.errorStack,
    HEADERS.failedAt,
    HEADERS.originalQueue,
  ]) {
    delete out[h];
  }
  out[HEADERS.attempts] = 0;
  return out;
}

// The broker's own dead-letter bookkeeping grows with every TTL hop; the attempts header counts instead.
function withoutBrokerHeaders(headers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...headers };
  for (const h of [
    'x-death',
    'x-first-death-exchange',
    'x-first-death-queue',
    'x-first-death-reason',
    'x-last-death-exchange',
    'x-last-death-queue',
    'x-last-death-reason',
    'x-delivery-count',
  ]) {
    delete out[h];
  }
  return out;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
