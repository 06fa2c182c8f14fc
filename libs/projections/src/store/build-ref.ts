import type { ProjectionDefinition } from '../definition/projection-definition';
import type { AppliedMark, BuildRef } from './projection-store.types';

/** The build of `definition` at `version` (its own version by default). */
export function buildOf(definition: ProjectionDefinition, version = definition.version): BuildRef {
  return { name: definition.name, version, collection: definition.collection };
}

/** `<name>@<version>`: a build's checkpoint id and lease name. */
export function buildKey(build: Pick<BuildRef, 'name' | 'version'>): string {
  return `${build.name}@${build.version}`;
}

/** The collection a build writes: `<collection>_v<version>`. */
export function buildCollection(build: Pick<BuildRef, 'collection' | 'version'>): string {
  return `${build.collection}_v${build.version}`;
}

/** The lease guarding a projection's rebuilds (one at a time). */
export function rebuildLeaseKey(name: string): string {
  return `${name}:rebuild`;
}

/** Orders marks: negative when `a` comes first. */
export function compareMarks(a: AppliedMark, b: AppliedMark): number {
  return a.position - b.position || a.index - b.index;
}
