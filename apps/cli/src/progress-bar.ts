import { SingleBar } from 'cli-progress';
import { count } from './format';

/** Runs shorter than this show no progress bar. */
const FIRST_PAINT_MS = 1_000;
/** Off a terminal (a CI log, a pipe), one line this often. */
const NOT_TTY_EVERY_MS = 2_000;

/** What a long-running command has done so far. */
export interface ProgressUpdate {
  /** Done so far, in `unit`s (against `total` when there is one). */
  readonly value: number;
  /** All there is to do, when known: the bar, the percentage and the ETA need it. */
  readonly total?: number;
  /** `unit`s per second. */
  readonly rate: number;
  /** Anything else worth seeing, after the figures. */
  readonly detail?: string;
}

/**
 * A progress bar on stderr for the CLI's long runs (rebuilds, exports, archives), drawn by cli-progress:
 * the bar, the percentage, done/total, the rate and cli-progress's ETA when the total is known, the count
 * and the rate when it is not. Shown only once a run has lasted a second; repainted in place on a
 * terminal, a plain line every two seconds elsewhere.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private bar?: SingleBar;

  constructor(
    private readonly label: string,
    private readonly unit: string,
    private readonly out: NodeJS.WritableStream = process.stderr,
  ) {}

  update(progress: ProgressUpdate): void {
    const payload = { rate: count(progress.rate), detail: progress.detail ?? '' };
    if (this.bar) {
      if (progress.total !== undefined) this.bar.setTotal(progress.total);
      this.bar.update(progress.value, payload);
      return;
    }
    if (Date.now() - this.started < FIRST_PAINT_MS) return;
    const figures =
      progress.total === undefined
        ? `{value} ${this.unit} | {rate} ${this.unit}/s`
        : `[{bar}] {percentage}% | {value}/{total} | {rate} ${this.unit}/s | ETA {eta_formatted}`;
    this.bar = new SingleBar({
      stream: this.out,
      format: `${this.label} ${figures} {detail}`,
      barsize: 24,
      barCompleteChar: '#',
      barIncompleteChar: '-',
      hideCursor: false,
      fps: 4,
      etaBuffer: 20,
      noTTYOutput: true,
      notTTYSchedule: NOT_TTY_EVERY_MS,
      formatValue: (v, _options, type) => (type === 'value' || type === 'total' ? count(v) : String(v)),
    });
    this.bar.start(progress.total ?? progress.value, progress.value, payload);
  }

  /** Draws the last state and ends the line, if a bar was shown. */
  done(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
