import {
  documentIdsOf,
  normaliseProjection,
  type ProjectionDefinition,
  type ProjectionEvent,
  type ReadModelDocument,
} from '@switchyard/projections';

/**
 * The reference read model: every event folded once, in order, with nothing but the projection's own
 * functions (no store, no pages, no marks). Compare what a worker built against it.
 */
export function foldProjection(
  projection: ProjectionDefinition | object,
  events: readonly ProjectionEvent[],
): Record<string, ReadModelDocument> {
  const definition = normaliseProjection(projection);
  const docs = new Map<string, ReadModelDocument>();
  for (const e of events)
    for (const id of documentIdsOf(definition, e)) {
      const next = definition.handlers[e.type]!.evolve(docs.get(id), e, { documentId: id });
      if (next === null) docs.delete(id);
      else docs.set(id, next);
    }
  return Object.fromEntries([...docs].sort(([a], [b]) => a.localeCompare(b)));
}
