import { AggregateRoot, type EventHandlers } from '@switchyard/event-store';
import { CounterIncremented } from './test-contracts';

/** Order-sensitive state, so a snapshot taken at the wrong point or a replayed event shows up. */
export interface CounterState {
  readonly count: number;
  readonly total: number;
  /** Σ by × (index + 1): differs when the same increments arrive in another order. */
  readonly weighted: number;
  readonly last: readonly number[];
}

export class Counter extends AggregateRoot<CounterState> {
  readonly aggregateType = 'counter';

  protected readonly handlers: EventHandlers<CounterState> = {
    'counter.incremented': (s, e: { by: number }): CounterState => ({
      count: s.count + 1,
      total: s.total + e.by,
      weighted: s.weighted + e.by * (s.count + 1),
      last: [...s.last, e.by].slice(-5),
    }),
  };

  protected initialState(): CounterState {
    return { count: 0, total: 0, weighted: 0, last: [] };
  }

  increment(by: number): void {
    this.raise(CounterIncremented, { by });
  }
}
