/**
 * `npm run bench`: runs every `benchmarks/*.bench.ts` (or those named on the command line) in one process,
 * one after the other, against the local services. Each bench measures Switchyard and its baseline side
 * by side in the same run and prints ratios, never absolute pass/fail thresholds.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Bench {
  readonly name: string;
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { bench: Bench };
    process.stdout.write(`\n## ${mod.bench.name} (${file})\n`);
    await mod.bench.run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
