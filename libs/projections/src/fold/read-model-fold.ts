import type {
  ProjectionDefinition,
  ProjectionEvent,
  ReadModelDocument,
} from '../definition/projection-definition';
import { compareMarks } from '../store/build-ref';
import type { AppliedMark, ReadModelWrite, StoredReadModel } from '../store/projection-store.types';

/** Keys the store keeps for itself in every read-model document. */
export const RESERVED_FIELDS = ['_id', '_position', '_indexInCommit', '_deleted'] as const;

interface Entry {
  state: ReadModelDocument | undefined;
  applied: AppliedMark | undefined;
  /** The mark stored when loaded; undefined: not stored at all. */
  readonly stored: AppliedMark | undefined;
  changed: boolean;
}

/** The ids an event touches under a definition (none for a type it does not handle), deduplicated. */
export function documentIdsOf(definition: ProjectionDefinition, event: ProjectionEvent): string[] {
  const handler = definition.handlers[event.type];
  if (!handler) return [];
  const ids = handler.documentIds(event);
  const list = typeof ids === 'string' ? [ids] : [...ids];
  for (const id of list)
    if (typeof id !== 'string' || id === '')
      throw new TypeError(`documentIds returned ${JSON.stringify(id)}: ids are non-empty strings`);
  return [...new Set(list)];
}

/**
 * A page folded in memory: the documents its events touch, loaded once, each event applied in position
 * order to each of its documents unless the document already carries a mark at or past the event (a
 * repeated page after a crash changes nothing), then each changed document written once.
 */
export class ReadModelFold {
  private readonly entries = new Map<string, Entry>();
  private appliedEvents = 0;

  constructor(
    private readonly definition: ProjectionDefinition,
    loaded: readonly StoredReadModel[],
  ) {
    for (const doc of loaded)
      this.entries.set(doc.id, {
        state: doc.state,
        applied: doc.applied,
        stored: doc.applied,
        changed: false,
      });
  }

  /** How many (event, document) applications changed something. */
  get applied(): number {
    return this.appliedEvents;
  }

  /**
   * Applies one event to its documents.
   * @throws whatever `evolve` throws, or a TypeError for a result that is not a document or null
   */
  apply(event: ProjectionEvent, ids: readonly string[]): void {
    const handler = this.definition.handlers[event.type];
    if (!handler) return;
    const mark: AppliedMark = { position: event.position, index: event.indexInCommit };
    for (const id of ids) {
      let entry = this.entries.get(id);
      if (!entry) {
        entry = { state: undefined, applied: undefined, stored: undefined, changed: false };
        this.entries.set(id, entry);
      }
      if (entry.applied && compareMarks(mark, entry.applied) <= 0) continue;
      const next = handler.evolve(entry.state, event, { documentId: id });
      entry.state = checkDocument(next) ?? undefined;
      entry.applied = mark;
      entry.changed = true;
      this.appliedEvents++;
    }
  }

  /** Each changed document's one write: an insert when it was not stored, else a guarded replacement. */
  writes(): ReadModelWrite[] {
    const writes: ReadModelWrite[] = [];
    for (const [id, e] of this.entries) {
      if (!e.changed || !e.applied) continue;
      if (e.stored === undefined) {
        // Created and deleted within the page: nothing to store, a repeated page folds the same again.
        if (e.state !== undefined) writes.push({ kind: 'insert', id, state: e.state, applied: e.applied });
      } else writes.push({ kind: 'replace', id, state: e.state, applied: e.applied, expected: e.stored });
    }
    return writes;
  }
}

function checkDocument(next: unknown): ReadModelDocument | null {
  if (next === null) return null;
  if (typeof next !== 'object' || next === undefined || Array.isArray(next))
    throw new TypeError(
      `evolve returned ${Array.isArray(next) ? 'an array' : typeof next}: return a document or null`,
    );
  const doc = next as ReadModelDocument;
  for (const key of RESERVED_FIELDS)
    if (key !== '_id' && key in doc) throw new TypeError(`evolve returned the reserved field ${key}`);
  if ('_id' in doc) {
    const { _id: _, ...rest } = doc;
    return rest;
  }
  return doc;
}
