/** What a rebuild reports while it replays (for a progress bar). */
export interface RebuildProgress {
  readonly projection: string;
  readonly version: number;
  /** Last position applied. */
  readonly position: number;
  /** The store's head as last probed (grows while commands keep arriving). */
  readonly head: number;
  /** Events read since this run started (all types: the replay rate). */
  readonly events: number;
  readonly eventsPerSecond: number;
  /** Seconds to catch up at the current rate; undefined before there is a rate. */
  readonly etaSeconds: number | undefined;
}

/** What a rebuild did. */
export interface RebuildResult {
  readonly projection: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  /** Where the new version stood when the pointer moved to it. */
  readonly switchPosition: number;
  /** The checkpoint this run resumed from (0: from the start). */
  readonly resumedFrom: number;
  readonly events: number;
  readonly seconds: number;
  /** Whether the old version's collection was dropped (else `note` says why not). */
  readonly droppedOld: boolean;
  readonly note?: string;
  /** Always true: a rebuild never runs side effects. Said in its output. */
  readonly sideEffectsSuppressed: true;
}
