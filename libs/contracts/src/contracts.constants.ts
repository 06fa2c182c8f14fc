/** Metadata key under which `@EventContract` records a class's contract. */
export const EVENT_CONTRACT_METADATA = Symbol('switchyard:event-contract');
