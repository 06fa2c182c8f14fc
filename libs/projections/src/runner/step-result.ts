import type { PausedAt } from '../store/projection-store.types';

/** What one round of a runner did. */
export type StepResult =
  /** Another process holds the build's lease. */
  | { readonly kind: 'standby' }
  /** Stopped at an event it cannot apply, until an operator skips it. */
  | { readonly kind: 'paused'; readonly paused: PausedAt }
  /** Run again at once (a skip decision was found, or a paused build resumed). */
  | { readonly kind: 'again' }
  /** A page applied (or nothing to read: `caughtUp`). */
  | {
      readonly kind: 'progress';
      readonly position: number;
      readonly events: number;
      readonly caughtUp: boolean;
    };
