import { MessagingError } from '../../errors/messaging-error';

/**
 * One problem found by `validateTopology`, before the broker is touched. `culprit` names the domain,
 * consumer queue, binding or link at fault, and the message starts with it.
 */
export abstract class TopologyProblem extends MessagingError {
  abstract readonly severity: 'error' | 'warning';
  protected constructor(
    readonly culprit: string,
    message: string,
  ) {
    super(`${culprit}: ${message}`);
  }
}

export function isTopologyProblem(err: unknown): err is TopologyProblem {
  return err instanceof TopologyProblem;
}
