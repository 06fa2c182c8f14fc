import type { DemoObservation } from '../run/demo-observation';

/** What one check found: ok or not, a one-line summary, and the ids that differ (for the exit message). */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly summary: string;
  /** `<id>: <what differs>`, at most a screenful is printed. */
  readonly differences: readonly string[];
}

/** One reconciliation: a pure function of what the demo observed. */
export interface ReconcileCheck {
  readonly name: string;
  run(observation: DemoObservation): CheckResult;
}
