import { PROJECTION_METADATA } from '../projections.constants';
import type { ProjectionEvent } from './projection-definition';

/** What `@Projection()` records on a class. */
export interface ProjectionOptions {
  readonly name: string;
  readonly version: number;
  readonly collection: string;
  /** The documents an event touches, for handlers that do not name their own. */
  readonly documentIds?: (event: ProjectionEvent) => string | readonly string[];
}

/**
 * Marks a class as a projection. Only records metadata: `normaliseProjection(instance)` reads it, with
 * the `@ProjectionHandler()` methods, into the same definition `defineProjection` gives.
 */
export function Projection(options: ProjectionOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(PROJECTION_METADATA, options, target);
  };
}
