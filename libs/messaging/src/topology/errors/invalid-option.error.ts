import { TopologyProblem } from './topology-problem.error';

/** A malformed name, option or link (prefetch, partitions, TTL, max length, overflow, vhost, URI). */
export class InvalidTopologyOptionError extends TopologyProblem {
  readonly code = 'SWITCHYARD_TOPOLOGY_INVALID_OPTION';
  readonly severity = 'error';
  constructor(
    culprit: string,
    readonly option: string,
    readonly reason: string,
  ) {
    super(culprit, `${option} ${reason}`);
  }
}

export function isInvalidTopologyOptionError(err: unknown): err is InvalidTopologyOptionError {
  return err instanceof InvalidTopologyOptionError;
}
