import {
  PROJECTION_HANDLER_METADATA,
  PROJECTION_METHODS_METADATA,
  PROJECTION_SIDE_EFFECTS_METADATA,
} from '../projections.constants';
import type { ProjectionEvent } from './projection-definition';

/** What `@ProjectionHandler()` records on a method. */
export interface ProjectionHandlerOptions {
  /** The documents the event touches; default: the class's `documentIds`. */
  // Bivariant on purpose: a handler names its own event's data type.
  documentIds?(event: ProjectionEvent<never>): string | readonly string[];
}

/** Records the decorated method's name on its class, so the normaliser finds it without scanning. */
function remember(target: object, key: string | symbol): void {
  const methods = (Reflect.getMetadata(PROJECTION_METHODS_METADATA, target) as (string | symbol)[]) ?? [];
  Reflect.defineMetadata(PROJECTION_METHODS_METADATA, [...methods, key], target);
}

/**
 * Marks a method `(doc | undefined, event, context) => doc | null` as the evolve function of one event
 * type (or several). Only records metadata.
 */
export function ProjectionHandler(
  types: string | readonly string[],
  options: ProjectionHandlerOptions = {},
): MethodDecorator {
  return (target, key) => {
    Reflect.defineMetadata(
      PROJECTION_HANDLER_METADATA,
      { types: typeof types === 'string' ? [types] : [...types], options },
      target,
      key,
    );
    remember(target, key);
  };
}

/**
 * Marks a method `(event, context) => Promise<void>` as the projection's side-effect hook, for the given
 * event types (default: every type it handles). Only records metadata.
 */
export function ProjectionSideEffects(types?: string | readonly string[]): MethodDecorator {
  return (target, key) => {
    Reflect.defineMetadata(
      PROJECTION_SIDE_EFFECTS_METADATA,
      { types: types === undefined ? undefined : typeof types === 'string' ? [types] : [...types] },
      target,
      key,
    );
    remember(target, key);
  };
}
