/** How one attempt at handling a delivery ended; the consumer settles the delivery from it. */
export type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'skip' }
  | {
      readonly kind: 'retry';
      readonly error: unknown;
      readonly delayMs?: number;
      /** Set when the attempt timed out: settles when the abandoned handler call does. */
      readonly late?: Promise<void>;
    }
  | { readonly kind: 'dead-letter'; readonly reason: string; readonly error?: unknown };
