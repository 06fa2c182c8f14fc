import type {
  BuildCheckpoint,
  ProjectionPointer,
  RebuildRecord,
  SkipRecord,
} from '../store/projection-store.types';

/** The stored shapes of the bookkeeping collections: the types plus their `_id`. */
export type CheckpointRecord = BuildCheckpoint & { _id: string };
export type PointerRecord = ProjectionPointer & { _id: string };
export type RebuildRecordDocument = RebuildRecord & { _id: string };
export type SkipRecordDocument = SkipRecord & { _id: string };
export interface SideEffectClaimRecord {
  _id: string;
  name: string;
  eventId: string;
  claimedAt: Date;
}

/** Drops `_id` from a stored record. */
export function withoutId<T extends { _id: string }>(record: T): Omit<T, '_id'> {
  const { _id: _, ...rest } = record;
  return rest;
}
