import { TopologyProblem } from './topology-problem.error';

/** A binding pattern or an event type is not a valid topic routing pattern/key. */
export class InvalidRoutingPatternError extends TopologyProblem {
  readonly code = 'SWITCHYARD_TOPOLOGY_INVALID_PATTERN';
  readonly severity = 'error';
  constructor(
    culprit: string,
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(culprit, `routing pattern "${pattern}" ${reason}`);
  }
}

export function isInvalidRoutingPatternError(err: unknown): err is InvalidRoutingPatternError {
  return err instanceof InvalidRoutingPatternError;
}
