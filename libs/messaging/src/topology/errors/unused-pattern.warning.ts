import { TopologyProblem } from './topology-problem.error';

/** A warning: one binding pattern matches nothing, while the consumer is reachable by others. */
export class UnusedPatternWarning extends TopologyProblem {
  readonly code = 'SWITCHYARD_TOPOLOGY_UNUSED_PATTERN';
  readonly severity = 'warning';
  constructor(
    culprit: string,
    readonly pattern: string,
    readonly domain: string,
  ) {
    super(culprit, `pattern "${pattern}" on ${domain}.events matches none of ${domain}'s declared events`);
  }
}

export function isUnusedPatternWarning(err: unknown): err is UnusedPatternWarning {
  return err instanceof UnusedPatternWarning;
}
