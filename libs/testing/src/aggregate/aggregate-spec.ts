import { AssertionError, deepStrictEqual } from 'node:assert';
import { AggregateRoot, type DomainEvent } from '@switchyard/event-store';

/** What a spec needs from an aggregate: replaying history and the events a command raised. */
type SpecAggregate = Pick<AggregateRoot<unknown>, 'replay' | 'uncommittedEvents'>;
type AggregateFactory<T> = (new (id: string) => T) | ((id: string) => T);
type ErrorClass = abstract new (...args: never[]) => Error;

/** The id the aggregate under test gets unless `for(…, id)` says otherwise. */
export const DEFAULT_SPEC_AGGREGATE_ID = 'spec-aggregate-1';

/**
 * Given/When/Then for event-sourced aggregates (after Emmett's DeciderSpecification):
 *
 * ```ts
 * AggregateSpec.for(Order)
 *   .given([contractEvent(OrderPlaced, placed)])
 *   .when((order) => order.confirm())
 *   .then([contractEvent(OrderConfirmed, { orderId })]);
 * ```
 *
 * `then` compares the raised events (type and data) exactly; `thenThrows` checks the error class and,
 * optionally, its fields. Commands are synchronous: deciding is pure, I/O belongs outside the aggregate.
 */
export class AggregateSpec<T extends SpecAggregate> {
  private constructor(
    private readonly create: (id: string) => T,
    private readonly id: string,
  ) {}

  /** Starts a spec for an aggregate class (constructed with the id) or a factory. */
  static for<T extends SpecAggregate>(
    target: AggregateFactory<T>,
    id = DEFAULT_SPEC_AGGREGATE_ID,
  ): AggregateSpec<T> {
    const create = isClass(target) ? (i: string) => new target(i) : (target as (id: string) => T);
    return new AggregateSpec(create, id);
  }

  /** The events already stored for the aggregate, oldest first. */
  given(events: readonly DomainEvent[]): AggregateSpecWhen<T> {
    return new AggregateSpecWhen(this.create, this.id, events);
  }

  /** A command on a new aggregate (no stored events). */
  when(command: (aggregate: T) => void): AggregateSpecThen<T> {
    return this.given([]).when(command);
  }
}

export class AggregateSpecWhen<T extends SpecAggregate> {
  constructor(
    private readonly create: (id: string) => T,
    private readonly id: string,
    private readonly history: readonly DomainEvent[],
  ) {}

  when(command: (aggregate: T) => void): AggregateSpecThen<T> {
    return new AggregateSpecThen(() => {
      const aggregate = this.create(this.id);
      aggregate.replay(this.history);
      const result = command(aggregate) as unknown;
      if (result instanceof Promise) {
        throw new TypeError(
          'AggregateSpec: the command returned a promise; aggregate commands must be synchronous',
        );
      }
      return aggregate;
    });
  }
}

export class AggregateSpecThen<T extends SpecAggregate> {
  constructor(private readonly run: () => T) {}

  /** Asserts the command raised exactly these events, in order (`[]`: nothing happened). */
  then(expected: readonly DomainEvent[]): void {
    const aggregate = this.run();
    const actual = aggregate.uncommittedEvents.map(({ type, data }) => ({ type, data }));
    deepStrictEqual(
      actual,
      expected.map(({ type, data }) => ({ type, data })),
      'AggregateSpec: the raised events differ from the expected ones',
    );
  }

  /** Asserts the command raised nothing. */
  thenNothingHappened(): void {
    this.then([]);
  }

  /**
   * Asserts the command threw an instance of `errorClass`, and that the error has the given fields
   * (compared with deep equality), if any.
   */
  thenThrows<E extends Error>(errorClass: ErrorClass, fields?: Partial<Record<keyof E, unknown>>): void {
    let aggregate: T;
    try {
      aggregate = this.run();
    } catch (err) {
      if (!(err instanceof errorClass)) {
        throw new AssertionError({
          message: `AggregateSpec: expected ${errorClass.name}, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
          actual: err,
          expected: errorClass,
        });
      }
      for (const [key, value] of Object.entries(fields ?? {})) {
        deepStrictEqual(
          (err as unknown as Record<string, unknown>)[key],
          value,
          `AggregateSpec: error field "${key}"`,
        );
      }
      return;
    }
    throw new AssertionError({
      message: `AggregateSpec: expected ${errorClass.name}, but the command succeeded and raised ${JSON.stringify(
        aggregate.uncommittedEvents.map((e) => e.type),
      )}`,
      expected: errorClass,
    });
  }
}

function isClass<T>(target: AggregateFactory<T>): target is new (id: string) => T {
  return typeof target === 'function' && target.prototype instanceof AggregateRoot;
}
