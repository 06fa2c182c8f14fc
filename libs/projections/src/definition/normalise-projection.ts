import {
  PROJECTION_HANDLER_METADATA,
  PROJECTION_METADATA,
  PROJECTION_METHODS_METADATA,
  PROJECTION_SIDE_EFFECTS_METADATA,
} from '../projections.constants';
import { InvalidProjectionError } from '../errors/invalid-projection.error';
import { defineProjection } from './define-projection';
import type {
  ProjectionDefinition,
  ProjectionEvent,
  ProjectionEventHandler,
  ReadModelDocument,
  SideEffectHook,
} from './projection-definition';
import type { ProjectionOptions } from './projection.decorator';
import type { ProjectionHandlerOptions } from './projection-handler.decorator';

type Method = (...args: unknown[]) => unknown;

/** Whether `value` is an instance of a class decorated with `@Projection()`. */
export function isProjectionInstance(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    Reflect.getMetadata(PROJECTION_METADATA, (value as object).constructor) !== undefined
  );
}

/**
 * The one normaliser: a plain definition (checked again) or an instance of a `@Projection()` class, read
 * from its metadata and bound to the instance, becomes a {@link ProjectionDefinition}.
 * @throws InvalidProjectionError for an undecorated object, a type handled twice, a handler without
 *   document ids, or what `defineProjection` refuses
 */
export function normaliseProjection(source: ProjectionDefinition | object): ProjectionDefinition {
  if (!isProjectionInstance(source)) {
    const plain = source as Partial<ProjectionDefinition>;
    if (typeof plain.name !== 'string' || typeof plain.handlers !== 'object')
      throw new InvalidProjectionError(
        String(plain.name ?? source.constructor?.name ?? '?'),
        'neither a projection definition nor an instance of a @Projection() class',
      );
    return defineProjection(plain as ProjectionDefinition);
  }
  const options = Reflect.getMetadata(PROJECTION_METADATA, source.constructor) as ProjectionOptions;
  const proto = Object.getPrototypeOf(source) as object;
  const methods = (Reflect.getMetadata(PROJECTION_METHODS_METADATA, proto) as (string | symbol)[]) ?? [];
  const handlers: Record<string, ProjectionEventHandler> = {};
  let sideEffects: SideEffectHook | undefined;
  let sideEffectTypes: string[] | undefined;
  for (const key of methods) {
    const method = (source as Record<string | symbol, Method>)[key]!.bind(source);
    const effects = Reflect.getMetadata(PROJECTION_SIDE_EFFECTS_METADATA, proto, key) as
      { types?: string[] } | undefined;
    if (effects) {
      sideEffects = method as SideEffectHook;
      sideEffectTypes = effects.types;
      continue;
    }
    const meta = Reflect.getMetadata(PROJECTION_HANDLER_METADATA, proto, key) as
      { types: string[]; options: ProjectionHandlerOptions } | undefined;
    if (!meta) continue;
    const documentIds = (meta.options.documentIds ?? options.documentIds) as
      ((event: ProjectionEvent) => string | readonly string[]) | undefined;
    for (const type of meta.types) {
      if (handlers[type])
        throw new InvalidProjectionError(options.name, `"${type}" is handled by two methods`);
      if (!documentIds)
        throw new InvalidProjectionError(
          options.name,
          `the handler of "${type}" (${String(key)}) names no documentIds, and @Projection() gives no default`,
        );
      handlers[type] = {
        documentIds,
        evolve: method as (doc: ReadModelDocument | undefined, event: ProjectionEvent) => ReadModelDocument,
      };
    }
  }
  return defineProjection({
    name: options.name,
    version: options.version,
    collection: options.collection,
    handlers,
    ...(sideEffects ? { sideEffects } : {}),
    ...(sideEffectTypes ? { sideEffectTypes } : {}),
  });
}
