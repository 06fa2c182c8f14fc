/**
 * One benchmark figure, as `npm run bench` records it in `benchmarks/results/latest.json` and prints it:
 * Switchyard's value beside its baseline's, measured side by side in the same run, and the ratio between
 * them checked against the target of issue 10 where there is one. Targets are reported, never asserted.
 */

/** What a target bounds, and from which side. */
export interface Target {
  /** `ratio` (Switchyard / baseline) or the `value` itself (a latency, a lag). */
  readonly of: 'ratio' | 'value';
  /** `<=`: lower is better (time per op, lag); `>=`: higher is better (throughput). */
  readonly op: '<=' | '>=';
  readonly limit: number;
}

/** A figure as a bench reports it. */
export interface FigureInput {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is compared with, measured in the same run. */
  readonly baseline?: { readonly name: string; readonly value: number };
  readonly target?: Target;
  /** Context for a reader of the results: what the run did, what the figure leaves out. */
  readonly note?: string;
  /** Why the target is missed, printed (as part of the note) only when it is. */
  readonly missedBecause?: string;
}

/** A recorded figure: the entry of `latest.json`. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: string | null;
  readonly baselineValue: number | null;
  /** value / baselineValue, or null without a baseline (or with a zero one). */
  readonly ratio: number | null;
  readonly target: Target | null;
  /** Whether the target holds; null when there is no target or nothing to compare it with. */
  readonly met: boolean | null;
  readonly note?: string;
}

/** Builds the entry of a figure: the ratio and whether its target is met. */
export function toFigure(input: FigureInput): Figure {
  const baselineValue = input.baseline?.value ?? null;
  const ratio = baselineValue === null || baselineValue === 0 ? null : input.value / baselineValue;
  const target = input.target ?? null;
  const met = target === null ? null : meets(target, target.of === 'ratio' ? ratio : input.value);
  const notes = [input.note, met === false ? input.missedBecause : undefined].filter((n) => n !== undefined);
  return {
    name: input.name,
    value: input.value,
    unit: input.unit,
    baseline: input.baseline?.name ?? null,
    baselineValue,
    ratio,
    target,
    met,
    ...(notes.length === 0 ? {} : { note: notes.join(' ') }),
  };
}

/** Whether `actual` is on the right side of the target; null when there is nothing to compare. */
export function meets(target: Target, actual: number | null): boolean | null {
  if (actual === null || !Number.isFinite(actual)) return null;
  return target.op === '<=' ? actual <= target.limit : actual >= target.limit;
}

/** The figures one run collects, in the order the benches report them. */
export class Results {
  private readonly recorded: Figure[] = [];

  /** Records a figure and returns its entry. */
  add(input: FigureInput): Figure {
    const figure = toFigure(input);
    this.recorded.push(figure);
    return figure;
  }

  get figures(): readonly Figure[] {
    return this.recorded;
  }
}

/** `ratio <= 1.2`, `value <= 50 ms`. */
export function describeTarget(target: Target | null, unit = ''): string {
  if (!target) return '-';
  const op = target.op === '<=' ? '≤' : '≥';
  return target.of === 'ratio' ? `${op} ${target.limit}x` : `${op} ${target.limit} ${unit}`.trim();
}

/** The figures as a plain-text table, with each figure's note under it. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${round(f.value)} ${f.unit}`,
    f.baseline === null ? '-' : `${round(f.baselineValue!)} ${f.unit}`,
    f.ratio === null ? '-' : `${f.ratio.toFixed(2)}x`,
    describeTarget(f.target, f.unit),
    f.met === null ? '-' : f.met ? 'yes' : 'NO',
  ]);
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  figures.forEach((f, i) => {
    out.push(line(rows[i]!));
    if (f.baseline !== null) out.push(`    baseline: ${f.baseline}`);
    if (f.note !== undefined) out.push(`    note: ${f.note}`);
  });
  return out.join('\n');
}

function round(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3);
}
