/** One argument (or property such as `type` or `durable`) whose value on the broker differs from the model. */
export interface ArgumentDifference {
  readonly argument: string;
  /** `undefined`: the model does not set it. */
  readonly expected: unknown;
  /** `undefined`: the broker's object does not have it. */
  readonly actual: unknown;
}

/** Differences between the model's arguments and the broker's, argument by argument, sorted by name. */
export function argumentDifferences(
  expected: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
): ArgumentDifference[] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return keys
    .filter((k) => JSON.stringify(expected[k]) !== JSON.stringify(actual[k]))
    .map((argument) => ({ argument, expected: expected[argument], actual: actual[argument] }));
}

/** `x-queue-type: model "quorum", broker "classic"`, readable in one line. */
export function describeDifferences(diffs: readonly ArgumentDifference[]): string {
  const show = (v: unknown) => (v === undefined ? '(not set)' : JSON.stringify(v));
  return diffs.map((d) => `${d.argument}: model ${show(d.expected)}, broker ${show(d.actual)}`).join('; ');
}

/** How to get from the broker's object to the model's: RabbitMQ cannot change these arguments in place. */
export function migrationAdvice(kind: 'queue' | 'exchange', name: string): string {
  return kind === 'queue'
    ? `RabbitMQ cannot change a queue's arguments in place: stop its publishers' routes or let its consumers drain it, delete queue "${name}" and run apply again (it is re-created with its bindings); or give the consumer a new purpose, which makes a new queue, and move the consumers over`
    : `RabbitMQ cannot change an exchange's type or arguments in place: delete exchange "${name}" and run apply again (apply re-creates it and every binding the model declares on it)`;
}
