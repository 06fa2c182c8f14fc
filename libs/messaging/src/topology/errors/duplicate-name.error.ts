import { TopologyProblem } from './topology-problem.error';

/** Two things of the model would get the same name (domain, event type, queue or exchange). */
export class DuplicateNameError extends TopologyProblem {
  readonly code = 'SWITCHYARD_TOPOLOGY_DUPLICATE_NAME';
  readonly severity = 'error';
  constructor(
    culprit: string,
    readonly duplicate: string,
    readonly firstUse: string,
  ) {
    super(culprit, `the name "${duplicate}" is already used by ${firstUse}`);
  }
}

export function isDuplicateNameError(err: unknown): err is DuplicateNameError {
  return err instanceof DuplicateNameError;
}
