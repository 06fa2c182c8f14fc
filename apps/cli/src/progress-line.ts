/** Runs shorter than this show no progress line. */
const FIRST_PAINT_MS = 1_000;
/** Repaints at most this often. */
const REPAINT_MS = 250;

/**
 * A progress line on stderr for long runs (there is no progress-bar package among the dependencies): first
 * painted after a second, repainted in place at most four times a second, closed with a newline.
 */
export class ProgressLine {
  private readonly started = Date.now();
  private lastPaint = 0;
  private width = 0;

  constructor(private readonly out: NodeJS.WritableStream = process.stderr) {}

  get elapsedMs(): number {
    return Date.now() - this.started;
  }

  update(text: () => string): void {
    const now = Date.now();
    if (now - this.started < FIRST_PAINT_MS || now - this.lastPaint < REPAINT_MS) return;
    this.lastPaint = now;
    const line = text();
    this.out.write(`\r${line.padEnd(this.width)}`);
    this.width = line.length;
  }

  /** Ends the line, if one was painted. */
  done(): void {
    if (this.width > 0) this.out.write('\n');
    this.width = 0;
  }
}

/** `12,345`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1 m 05 s`, `12 s`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}
