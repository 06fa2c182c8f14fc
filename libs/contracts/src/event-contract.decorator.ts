import 'reflect-metadata';
import { EVENT_CONTRACT_METADATA } from './contracts.constants';

/** What `@EventContract` records on a class: the event type, its schema version and its domain. */
export interface EventContractOptions {
  /** Dotted event type, `<domain-entity>.<past-tense-verb>`, e.g. `order.placed`. It is also the routing key. */
  readonly type: string;
  /** Schema version of the data this class describes, a positive integer. */
  readonly version: number;
  /** The domain that owns the event; it names the topic exchange the event is published to. */
  readonly domain: string;
}

/** A class decorated with `@EventContract`. */
export type EventContractClass<T extends object = object> = new (...args: never[]) => T;

/**
 * Marks a class as an event contract: its properties carry class-validator rules, and the decorator only
 * records `{ type, version, domain }`. Register the class in an `EventRegistry` to use it.
 */
export function EventContract(options: EventContractOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(EVENT_CONTRACT_METADATA, { ...options }, target);
  };
}

/** The contract recorded on a class, or `undefined` when the class is not decorated. */
export function getEventContract(cls: EventContractClass): EventContractOptions | undefined {
  return Reflect.getMetadata(EVENT_CONTRACT_METADATA, cls) as EventContractOptions | undefined;
}

/** The data of an event as a plain object: the contract class's fields, without methods. */
export type EventData<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};

/** An event ready to hand to the event store: its type (taken from the contract) and its data. */
export interface ContractEvent<T extends object = object> {
  readonly type: string;
  readonly data: EventData<T>;
}

/**
 * Builds a typed `{ type, data }` from a contract class, so call sites never type event names by hand:
 * `contractEvent(OrderConfirmed, { orderId })`.
 */
export function contractEvent<T extends object>(
  cls: EventContractClass<T>,
  data: EventData<T>,
): ContractEvent<T> {
  const contract = getEventContract(cls);
  if (!contract) throw new TypeError(`${cls.name} is not decorated with @EventContract`);
  return { type: contract.type, data };
}

/**
 * The event type (and routing key) of a contract class, for places that name a type without data:
 * `@OnEvent({ consumer, type: eventTypeOf(OrderPlaced) })`.
 * @throws TypeError when the class is not decorated with `@EventContract`
 */
export function eventTypeOf(cls: EventContractClass): string {
  const contract = getEventContract(cls);
  if (!contract) throw new TypeError(`${cls.name} is not decorated with @EventContract`);
  return contract.type;
}
