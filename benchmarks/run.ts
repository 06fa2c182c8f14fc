/**
 * `npm run bench`: runs every `benchmarks/*.bench.ts` (or those whose file name contains one of the
 * words on the command line: `npm run bench -- event-store`) in one process, one after the other, against
 * the local services. Each bench measures Switchyard and its baseline side by side in the same run and
 * reports figures (ratios, never pass/fail thresholds) through `Results`; at the end the figures are
 * printed as a table and written to `benchmarks/results/latest.json` and a timestamped copy.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { machine, versions } from './support/environment';
import { writeResults } from './support/results-file';
import { formatTable, Results } from './support/results';

export interface Bench {
  readonly name: string;
  /** Measures and reports figures; removes every vhost and database it created, also when it fails. */
  run(results: Results): Promise<void>;
}

/** Hard limit per bench (`BENCH_TIMEOUT_MS`); each bench also bounds its own waits well below it. */
const BENCH_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 240_000);

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  if (files.length === 0) {
    process.stderr.write(`bench: no benchmarks/*.bench.ts matches ${only.join(', ')}\n`);
    return 2;
  }
  const date = new Date().toISOString();
  const started = { machine: machine(), versions: await versions() };
  const results = new Results();
  const failures: Record<string, string> = {};
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { bench: Bench };
    process.stdout.write(`\n## ${mod.bench.name} (${file})\n`);
    const t0 = performance.now();
    try {
      await withTimeout(mod.bench.run(results), BENCH_TIMEOUT_MS, file);
    } catch (err) {
      failures[file] = err instanceof Error ? err.message : String(err);
      process.stderr.write(`bench ${file} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      if (err instanceof BenchTimeoutError) break; // it may still be running: stop here
    }
    process.stdout.write(`(${file}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  const { latest, copy } = await writeResults({
    date,
    benches: files,
    partial: only.length > 0,
    failures,
    ...started,
    figures: results.figures,
  });
  process.stdout.write(`\n${formatTable(results.figures)}\n\nwritten: ${latest}\n         ${copy}\n`);
  return Object.keys(failures).length === 0 ? 0 : 1;
}

class BenchTimeoutError extends Error {
  constructor(file: string, ms: number) {
    super(
      `${file} did not finish within ${ms} ms; its vhost and database may be left behind ` +
        '(node scripts/sweep-test-resources.js --delete removes them)',
    );
    this.name = 'BenchTimeoutError';
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, file: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeoutError(file, ms)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
