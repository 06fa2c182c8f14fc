import { resolve } from 'node:path';
import { EventRegistry } from '@switchyard/contracts';
import { CliError } from './cli-error';

/**
 * Loads a user's event registry from a `.ts`/`.js` module: an exported `EventRegistry` instance, or a
 * function (default or named) that returns one, e.g. the `exampleEventRegistry` of `@switchyard/examples`.
 * `.ts` needs a TypeScript loader, which the `switchyard` bin registers in a checkout.
 * @throws CliError naming the file when it cannot be loaded or exports no registry
 */
export function loadEventRegistry(file: string): EventRegistry {
  let loaded: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a user's module, at run time
    loaded = require(resolve(file)) as unknown;
  } catch (err) {
    throw new CliError(`cannot load event registry ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  const exports = (loaded ?? {}) as Record<string, unknown>;
  for (const candidate of [loaded, exports['default'], ...Object.values(exports)]) {
    if (candidate instanceof EventRegistry) return candidate;
    if (typeof candidate === 'function' && candidate.length === 0) {
      try {
        const made: unknown = (candidate as () => unknown)();
        if (made instanceof EventRegistry) return made;
      } catch {
        // not a registry factory
      }
    }
  }
  throw new CliError(
    `${file} exports no event registry (an EventRegistry, or a function without arguments returning one)`,
  );
}
