import { MessagingError } from '../../errors/messaging-error';
import type { TopologyProblem } from './topology-problem.error';

/** Thrown when an operation is asked to touch the broker with a model that has validation errors. */
export class InvalidTopologyError extends MessagingError {
  readonly code = 'SWITCHYARD_TOPOLOGY_INVALID';
  constructor(readonly errors: readonly TopologyProblem[]) {
    super(
      `the topology model has ${errors.length} error(s):\n${errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
}

export function isInvalidTopologyError(err: unknown): err is InvalidTopologyError {
  return err instanceof InvalidTopologyError;
}
