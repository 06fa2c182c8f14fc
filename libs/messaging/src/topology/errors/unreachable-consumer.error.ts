import { TopologyProblem } from './topology-problem.error';

/** A consumer whose bindings match none of the declared events of the domains it binds to. */
export class UnreachableConsumerError extends TopologyProblem {
  readonly code = 'SWITCHYARD_TOPOLOGY_UNREACHABLE_CONSUMER';
  readonly severity = 'error';
  constructor(
    culprit: string,
    readonly reason: string,
  ) {
    super(culprit, `no declared event can ever reach this consumer: ${reason}`);
  }
}

export function isUnreachableConsumerError(err: unknown): err is UnreachableConsumerError {
  return err instanceof UnreachableConsumerError;
}
