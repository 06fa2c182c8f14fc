import { TopologyProblem } from './topology-problem.error';

/** Retry tiers that cannot work: bad or unordered delays, unreachable tiers, impossible attempt counts. */
export class InvalidRetryPolicyError extends TopologyProblem {
  readonly code = 'SWITCHYARD_TOPOLOGY_INVALID_RETRY';
  readonly severity = 'error';
  constructor(
    culprit: string,
    readonly reason: string,
  ) {
    super(culprit, `retry policy makes no sense: ${reason}`);
  }
}

export function isInvalidRetryPolicyError(err: unknown): err is InvalidRetryPolicyError {
  return err instanceof InvalidRetryPolicyError;
}
