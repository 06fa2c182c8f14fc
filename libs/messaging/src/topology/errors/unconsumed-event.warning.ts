import { TopologyProblem } from './topology-problem.error';

/** A warning, not an error: an event type that no consumer binding matches. */
export class UnconsumedEventWarning extends TopologyProblem {
  readonly code = 'SWITCHYARD_TOPOLOGY_UNCONSUMED_EVENT';
  readonly severity = 'warning';
  constructor(
    culprit: string,
    readonly eventType: string,
  ) {
    super(culprit, `event "${eventType}" is published but no consumer receives it`);
  }
}

export function isUnconsumedEventWarning(err: unknown): err is UnconsumedEventWarning {
  return err instanceof UnconsumedEventWarning;
}
