/** When and how an aggregate type is snapshotted. */
export interface SnapshotPolicy<S> {
  /** Take a snapshot each time the stream's revision crosses a multiple of `every` events. */
  readonly every: number;
  /**
   * Version of the state's shape. Bump it when the state changes: older snapshots are then ignored,
   * the aggregate is rebuilt from its events and a fresh snapshot is written.
   */
  readonly schemaVersion: number;
  /** State → JSON-safe value. @default identity */
  readonly serialize?: (state: S) => unknown;
  /** JSON value → state. @default identity */
  readonly deserialize?: (value: unknown) => S;
}

/** Whether a save moving the stream from `before` to `after` (revisions, -1 = empty) crosses a snapshot point. */
export function crossesSnapshotPoint(every: number, before: number, after: number): boolean {
  return Math.floor((after + 1) / every) > Math.floor((before + 1) / every);
}
