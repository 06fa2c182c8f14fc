/**
 * Turns the data of one event type from `fromVersion` into `fromVersion + 1`. Upcasters run on read, in a
 * chain, so a stored v1 event comes back in the current shape. They must be pure.
 */
export interface Upcaster<From = Record<string, unknown>, To = Record<string, unknown>> {
  readonly type: string;
  readonly fromVersion: number;
  upcast(data: From): To;
}

/** An event's data at a given schema version. */
export interface VersionedData {
  readonly version: number;
  readonly data: Record<string, unknown>;
}
