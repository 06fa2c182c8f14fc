import type { DemoObservation } from '../run/demo-observation';
import { appsLeastPrivilegeCheck } from './apps-least-privilege.check';
import { commandsCheck } from './commands.check';
import { deadLettersCheck } from './dead-letters.check';
import { eventsPublishedCheck } from './events-published.check';
import { reactionsCheck } from './reactions.check';
import type { CheckResult, ReconcileCheck } from './reconcile-check';

/**
 * The checks `npm run demo` must pass to exit 0, each a pure function of the observation. Notifications
 * and projections plug in here once their apps are merged: a `notificationsCheck` (each expected
 * notification accepted by the provider fake exactly once, per channel and template) and a
 * `projectionsCheck` (every read model equals a recomputation from the store's events), each reading
 * what `observeDemo` adds to the observation for it.
 */
export const DEMO_CHECKS: readonly ReconcileCheck[] = [
  appsLeastPrivilegeCheck,
  commandsCheck,
  eventsPublishedCheck,
  reactionsCheck,
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
