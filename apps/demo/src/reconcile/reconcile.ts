import type { DemoObservation } from '../run/demo-observation';
import { appsLeastPrivilegeCheck } from './apps-least-privilege.check';
import { commandsCheck } from './commands.check';
import { deadLettersCheck } from './dead-letters.check';
import { eventsPublishedCheck } from './events-published.check';
import { notificationsCheck } from './notifications.check';
import { projectionsCheck } from './projections.check';
import { reactionsCheck } from './reactions.check';
import type { CheckResult, ReconcileCheck } from './reconcile-check';

/** The checks `npm run demo` must pass to exit 0, each a pure function of the observation. */
export const DEMO_CHECKS: readonly ReconcileCheck[] = [
  appsLeastPrivilegeCheck,
  commandsCheck,
  eventsPublishedCheck,
  reactionsCheck,
  notificationsCheck,
  deadLettersCheck,
  projectionsCheck,
];

/** Runs the checks; the run reconciles when every one is ok. */
export function reconcile(
  observation: DemoObservation,
  checks: readonly ReconcileCheck[] = DEMO_CHECKS,
): { readonly ok: boolean; readonly results: readonly CheckResult[] } {
  const results = checks.map((c) => c.run(observation));
  return { ok: results.every((r) => r.ok), results };
}
