/**
 * Writes a run's figures to `benchmarks/results/latest.json` and to a timestamped copy beside it, in
 * Prettier's format so `npm run lint` accepts the files as they are written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { Machine, Versions } from './environment';
import type { Figure } from './results';

export const RESULTS_DIR = join(__dirname, '..', 'results');

export interface ResultsFile {
  /** When the run started (ISO 8601, UTC). */
  readonly date: string;
  /** The bench files that ran, and whether that was only a selection (`npm run bench -- <name>`). */
  readonly benches: readonly string[];
  readonly partial: boolean;
  /** Benches that threw, by file, with the error's message; their figures may be missing. */
  readonly failures: Readonly<Record<string, string>>;
  readonly machine: Machine;
  readonly versions: Versions;
  readonly figures: readonly Figure[];
}

/** Writes the file twice (latest and timestamped); returns both paths. */
export async function writeResults(results: ResultsFile): Promise<{ latest: string; copy: string }> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const latest = join(RESULTS_DIR, 'latest.json');
  const copy = join(RESULTS_DIR, `${results.date.replace(/[:.]/g, '-')}.json`);
  const options = { ...(await resolveConfig(latest)), parser: 'json' };
  const text = await format(JSON.stringify(results, null, 2), options);
  writeFileSync(latest, text);
  writeFileSync(copy, text);
  return { latest, copy };
}
