import {
  contractEvent,
  type ContractEvent,
  type EventContractClass,
  type EventData,
} from '@switchyard/contracts';
import { MissingEventHandlerError } from '../errors/missing-event-handler.error';

/** An event as an aggregate sees it: its type and (current-version) data. */
export interface DomainEvent {
  readonly type: string;
  readonly data: object;
}

/**
 * Pure handlers by event type: each returns the next state from the current one and the event's data,
 * never mutating either. They are the aggregate's `evolve`.
 */
export type EventHandlers<S> = Readonly<Record<string, (state: S, data: never) => S>>;

/**
 * Base of event-sourced aggregates. A subclass declares its initial state and pure event handlers, and
 * its command methods decide by reading `state` and calling `raise()`. The root keeps the state, the
 * uncommitted events and the version (revision of the last stored event, -1 for a new aggregate).
 */
export abstract class AggregateRoot<S> {
  /** The aggregate type, the first part of its stream name (`order` → `order-42`). */
  abstract readonly aggregateType: string;
  protected abstract readonly handlers: EventHandlers<S>;
  protected abstract initialState(): S;

  private current?: S;
  private storedVersion = -1;
  private readonly pending: DomainEvent[] = [];

  constructor(readonly id: string) {}

  /** The state after every stored and uncommitted event. */
  get state(): S {
    this.current ??= this.initialState();
    return this.current;
  }

  /** Revision of the last stored event folded into the state; -1 when nothing is stored. */
  get version(): number {
    return this.storedVersion;
  }

  /** Events raised since the aggregate was loaded or last saved, in order. */
  get uncommittedEvents(): readonly DomainEvent[] {
    return this.pending;
  }

  /** Records a new event from a contract class and applies it to the state. */
  protected raise<T extends object>(contract: EventContractClass<T>, data: EventData<T>): void {
    const event: ContractEvent<T> = contractEvent(contract, data);
    this.current = this.evolve(this.state, event);
    this.pending.push(event);
  }

  /** The pure fold: the next state from a state and an event, through the handler for its type. */
  evolve(state: S, event: DomainEvent): S {
    const handler = this.handlers[event.type] as ((state: S, data: object) => S) | undefined;
    if (!handler) throw new MissingEventHandlerError(this.aggregateType, event.type);
    return handler(state, event.data);
  }

  /** Replays stored events (oldest first) on top of the current state; `version` ends at the last one's revision. */
  replay(events: readonly (DomainEvent & { readonly revision?: number })[]): void {
    let state = this.state;
    for (const event of events) {
      state = this.evolve(state, event);
      this.storedVersion = event.revision ?? this.storedVersion + 1;
    }
    this.current = state;
  }

  /** Starts from a snapshot's state taken at `version`. */
  restore(state: S, version: number): void {
    this.current = state;
    this.storedVersion = version;
  }

  /** Called by the repository after a successful save: the uncommitted events are now stored. */
  markCommitted(version: number): void {
    this.pending.length = 0;
    this.storedVersion = version;
  }
}
