import { resolve } from 'node:path';
import type { ProjectionDefinition } from '@switchyard/projections';
import { CliError } from './cli-error';

/**
 * Loads a user's projections from a `.ts`/`.js` module: an exported array of definitions (or
 * `@Projection()` instances), or a function without arguments returning one.
 * @throws CliError naming the file when it cannot be loaded or exports no projections
 */
export function loadProjections(file: string): Array<ProjectionDefinition | object> {
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a user's module, at run time
    loaded = require(resolve(file)) as unknown;
  } catch (err) {
    throw new CliError(`cannot load projections ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  const exports = (loaded ?? {}) as Record<string, unknown>;
  for (const candidate of [loaded, exports['default'], ...Object.values(exports)]) {
    const value =
      typeof candidate === 'function' && candidate.length === 0
        ? safeCall(candidate as () => unknown)
        : candidate;
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'object' && v !== null))
      return value as Array<ProjectionDefinition | object>;
  }
  throw new CliError(
    `${file} exports no projections (an array, or a function without arguments returning one)`,
  );
}

function safeCall(f: () => unknown): unknown {
  try {
    return f();
  } catch {
    return undefined;
  }
}
