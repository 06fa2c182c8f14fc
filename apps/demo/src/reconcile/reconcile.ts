import type { DemoObservation } from '../run/demo-observation';
import { appsLeastPrivilegeCheck } from './apps-least-privilege.check';
import { commandsCheck } from './commands.check';
import { deadLettersCheck } from './dead-letters.check';
import { eventsPublishedCheck } from './events-published.check';
import { notificationsCheck } from './notifications.check';
import { reactionsCheck } from './reactions.check';
import type { CheckResult, ReconcileCheck } from './reconcile-check';

/**
 * The checks `npm run demo` must pass to exit 0, each a pure function of the observation. Projections
 * plug in here once their app is merged: a `projectionsCheck` (every read model equals a recomputation
 * from the store's events), reading what run-demo.ts adds to the observation for it.
 */
export const DEMO_CHECKS: readonly ReconcileCheck[] = [
  appsLeastPrivilegeCheck,
  commandsCheck,
  eventsPublishedCheck,
  reactionsCheck,
  notificationsCheck,
  deadLettersCheck,
];

/** Runs the checks; the run reconciles when every one is ok. */
export function reconcile(
  observation: DemoObservation,
  checks: readonly ReconcileCheck[] = DEMO_CHECKS,
): { readonly ok: boolean; readonly results: readonly CheckResult[] } {
  const results = checks.map((c) => c.run(observation));
  return { ok: results.every((r) => r.ok), results };
}
