/**
 * The shape of one figure as the sequencing and relay-lag benches report it (`{ name, value, unit,
 * baseline, target, note }`): the same as `benchmarks/support/results.ts`'s `FigureInput`, so a results
 * collector can take them as they are.
 */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number };
  readonly target?: { readonly of: 'ratio' | 'value'; readonly op: '<=' | '>='; readonly limit: number };
  readonly note?: string;
  readonly missedBecause?: string;
}

/** Where a run collects its figures (`Results.add`). */
export interface FigureSink {
  add(figure: BenchFigure): unknown;
}

/** Prints each figure (ratio and target included) and hands it to the run's collector when there is one. */
export function printFigures(figures: readonly BenchFigure[], sink?: FigureSink): void {
  for (const f of figures) {
    sink?.add(f);
    const ratio = f.baseline ? f.value / f.baseline.value : undefined;
    const actual = f.target?.of === 'ratio' ? ratio : f.value;
    const met =
      f.target === undefined || actual === undefined
        ? '-'
        : (f.target.op === '<=' ? actual <= f.target.limit : actual >= f.target.limit)
          ? 'met'
          : 'MISSED';
    const base = f.baseline ? `  baseline ${f.baseline.value.toFixed(1)} ${f.unit} (${f.baseline.name})` : '';
    const r = ratio === undefined ? '' : `  ratio ${ratio.toFixed(2)}x`;
    const target = f.target ? `  target ${f.target.of} ${f.target.op} ${f.target.limit}: ${met}` : '';
    process.stdout.write(`${f.name}: ${f.value.toFixed(1)} ${f.unit}${base}${r}${target}\n`);
    if (f.note) process.stdout.write(`    ${f.note}\n`);
    if (met === 'MISSED' && f.missedBecause) process.stdout.write(`    missed: ${f.missedBecause}\n`);
  }
}
