import type { ArgumentDifference } from './broker-arguments';

export type TopologyObjectKind =
  'vhost' | 'exchange' | 'queue' | 'binding' | 'user' | 'permission' | 'parameter' | 'policy';

/** What `applyTopology` did with one object. */
export type ApplyOutcome = 'created' | 'unchanged' | 'updated' | 'conflict' | 'error';

export interface ApplyItem {
  readonly kind: TopologyObjectKind;
  readonly vhost?: string;
  /** The object's name; a binding reads `source -[pattern]-> destination`. */
  readonly name: string;
  readonly outcome: ApplyOutcome;
  /** Why it conflicted or failed, in one line. */
  readonly detail?: string;
  readonly differences?: readonly ArgumentDifference[];
  /** For a conflict: how to get the broker to the model. */
  readonly migration?: string;
}

export interface ApplyReport {
  readonly items: readonly ApplyItem[];
  /** True when nothing conflicted or failed. */
  readonly ok: boolean;
}

export type DiffChange = 'missing' | 'extra' | 'different';

export interface DiffItem {
  readonly change: DiffChange;
  readonly kind: TopologyObjectKind;
  readonly vhost?: string;
  readonly name: string;
  readonly detail?: string;
  readonly differences?: readonly ArgumentDifference[];
}

export interface TopologyDiff {
  readonly items: readonly DiffItem[];
  /** True when the broker matches the model. */
  readonly empty: boolean;
}

/** `orders.events -[order.*]-> payments.orders`: how bindings are named in reports. */
export function bindingLabel(b: { source: string; destination: string; routingKey: string }): string {
  return `${b.source} -[${b.routingKey}]-> ${b.destination}`;
}
