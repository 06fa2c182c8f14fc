import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TopologyModel } from './topology.model';

function looksLikeModel(v: unknown): v is TopologyModel {
  const m = v as Partial<TopologyModel> | null;
  return typeof m === 'object' && m !== null && Array.isArray(m.domains) && Array.isArray(m.consumers);
}

/**
 * Loads a topology model from a `.json` file, or from a `.ts`/`.js` module exporting one (as its default
 * export, or as any named export shaped like a model). `.ts` needs a TypeScript loader, which the
 * `switchyard` bin registers in a checkout. Returns an error message instead of throwing, for the CLI.
 */
export function loadTopologyModel(file: string): TopologyModel | string {
  const path = resolve(file);
  let loaded: unknown;
  try {
    if (path.endsWith('.json')) loaded = JSON.parse(readFileSync(path, 'utf8'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a user's model module, at run time
    else loaded = require(path) as unknown;
  } catch (err) {
    return `cannot load topology model ${file}: ${(err as Error).message.split('\n')[0]}`;
  }
  if (looksLikeModel(loaded)) return loaded;
  const exports = (loaded ?? {}) as Record<string, unknown>;
  const found = [exports['default'], ...Object.values(exports)].find(looksLikeModel);
  return found ?? `${file} exports no topology model (an object with "domains" and "consumers" arrays)`;
}
