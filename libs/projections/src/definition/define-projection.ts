import { InvalidProjectionError } from '../errors/invalid-projection.error';
import type {
  ProjectionDefinition,
  ProjectionEventHandler,
  ReadModelDocument,
} from './projection-definition';

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
// Letters, digits and `_`: valid in MongoDB and FerretDB collection names, and readable.
const COLLECTION = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Declares a projection as a plain object (the class form, `@Projection`, normalises to the same shape).
 * Checks it can run: a valid name and collection, a positive integer version, a handler per event type
 * with both functions.
 * @throws InvalidProjectionError naming what is wrong
 *
 * ```ts
 * export const orderCount = defineProjection<{ count: number }>({
 *   name: 'order-count', version: 1, collection: 'order_counts',
 *   handlers: {
 *     'order.placed': { documentIds: () => 'all', evolve: (doc) => ({ count: (doc?.count ?? 0) + 1 }) },
 *   },
 * });
 * ```
 */
export function defineProjection<S extends ReadModelDocument = ReadModelDocument>(
  definition: ProjectionDefinition<S>,
): ProjectionDefinition<S> {
  const name = String(definition.name);
  const invalid = (reason: string) => new InvalidProjectionError(name, reason);
  if (!NAME.test(name)) throw invalid('the name must match [a-z0-9][a-z0-9._-]*');
  if (!Number.isInteger(definition.version) || definition.version < 1)
    throw invalid(`the version must be a whole number from 1 on, got ${String(definition.version)}`);
  if (!COLLECTION.test(definition.collection ?? ''))
    throw invalid('the collection must match [A-Za-z_][A-Za-z0-9_]*');
  const types = Object.keys(definition.handlers ?? {});
  if (types.length === 0) throw invalid('it handles no event type');
  const handlers: Record<string, ProjectionEventHandler<S>> = {};
  for (const type of types) {
    const h = definition.handlers[type]!;
    if (typeof h?.documentIds !== 'function' || typeof h.evolve !== 'function')
      throw invalid(`the handler of "${type}" needs documentIds(event) and evolve(doc, event)`);
    handlers[type] = { documentIds: h.documentIds.bind(h), evolve: h.evolve.bind(h) };
  }
  if (definition.sideEffects !== undefined && typeof definition.sideEffects !== 'function')
    throw invalid('sideEffects must be a function');
  const effectTypes = definition.sideEffectTypes;
  if (effectTypes !== undefined) {
    if (!definition.sideEffects) throw invalid('sideEffectTypes without sideEffects');
    const unknown = effectTypes.filter((t) => !handlers[t]);
    if (unknown.length) throw invalid(`side effects for types it does not handle: ${unknown.join(', ')}`);
  }
  return Object.freeze({
    name,
    version: definition.version,
    collection: definition.collection,
    handlers: Object.freeze(handlers),
    ...(definition.sideEffects ? { sideEffects: definition.sideEffects } : {}),
    ...(effectTypes ? { sideEffectTypes: Object.freeze([...effectTypes]) } : {}),
  });
}
