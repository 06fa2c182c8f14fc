import type { SequencedEventEnvelope } from '@switchyard/event-store';

/**
 * A read-model document as a projection sees it: plain data. `_id` and the bookkeeping fields
 * (`_position`, `_indexInCommit`, `_deleted`) belong to the store; keys must be valid MongoDB field names.
 */
export type ReadModelDocument = Record<string, unknown>;

/** An event as a projection gets it: read from the store by global position, upcast. */
export type ProjectionEvent<D = unknown> = SequencedEventEnvelope<D>;

/** What `evolve` knows besides the document and the event. */
export interface EvolveContext {
  /** The id of the document being evolved (one of `documentIds(event)`). */
  readonly documentId: string;
}

/**
 * How one event type changes the read model. Both functions must be pure and deterministic (a rebuild
 * and a repeated page must give the same documents): no clock, no I/O, no mutation of their inputs.
 */
export interface ProjectionEventHandler<S extends ReadModelDocument = ReadModelDocument, D = unknown> {
  /** Which documents the event touches: none (`[]`), one id or several. */
  documentIds(event: ProjectionEvent<D>): string | readonly string[];
  /** The document after the event: a new document, the same, or `null` to delete it. */
  evolve(doc: S | undefined, event: ProjectionEvent<D>, context: EvolveContext): S | null;
}

/** What a side-effect hook gets besides the event. */
export interface SideEffectContext {
  readonly projection: string;
  readonly version: number;
  /** The read-model documents as this event left them (already written). */
  readDocuments(ids: readonly string[]): Promise<ReadModelDocument[]>;
}

/**
 * Runs for live events only (past the point where the build first caught up), at most once per event
 * and projection, never while a build replays history or a rebuild runs.
 */
export type SideEffectHook = (event: ProjectionEvent, context: SideEffectContext) => Promise<void> | void;

/** A projection, normalised: what the runners, the rebuild and the status work from. */
export interface ProjectionDefinition<S extends ReadModelDocument = ReadModelDocument> {
  /** Stable name: `[a-z0-9][a-z0-9._-]*`. */
  readonly name: string;
  /** Version of its logic: a new version is built by a rebuild next to the live one. */
  readonly version: number;
  /** Base name of its collections: version `v` lives in `<collection>_v<v>`. */
  readonly collection: string;
  /** Per event type, how it changes the read model; other event types are ignored. */
  readonly handlers: Readonly<Record<string, ProjectionEventHandler<S>>>;
  readonly sideEffects?: SideEffectHook;
  /** The event types `sideEffects` is for (claimed and called only for these). @default every handled type */
  readonly sideEffectTypes?: readonly string[];
}
