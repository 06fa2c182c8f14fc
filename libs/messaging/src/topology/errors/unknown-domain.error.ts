import { TopologyProblem } from './topology-problem.error';

/** A consumer, binding or link names a domain the model does not declare. */
export class UnknownDomainError extends TopologyProblem {
  readonly code = 'SWITCHYARD_TOPOLOGY_UNKNOWN_DOMAIN';
  readonly severity = 'error';
  constructor(
    culprit: string,
    readonly domain: string,
    readonly declared: readonly string[],
  ) {
    super(culprit, `refers to unknown domain "${domain}" (declared: ${declared.join(', ') || 'none'})`);
  }
}

export function isUnknownDomainError(err: unknown): err is UnknownDomainError {
  return err instanceof UnknownDomainError;
}
