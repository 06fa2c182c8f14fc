import { readModelCollection } from '@switchyard/projections';
import type { Db } from 'mongodb';
import type { CommandRecord, ReadModelLatencies } from './demo-observation';

/** The read model the watcher polls, and how often. */
const PROJECTION = 'order-summary';
const POLL_MS = 50;

/** The order summary's status once a command shows in it. */
const SHOWS: Readonly<Record<'place' | 'ship' | 'cancel', (status: unknown) => boolean>> = {
  place: (s) => s !== undefined && s !== 'unknown',
  ship: (s) => s === 'shipped',
  cancel: (s) => s === 'cancelled',
};

interface Watched {
  readonly kind: 'place' | 'ship' | 'cancel';
  readonly orderId: string;
  readonly answeredAt: number;
}

/**
 * Command → read model visible: for the accepted commands on a sample of the orders, polls the order
 * summary (the collection its pointer names, one `_id $in` read per round) until the document shows the
 * command (placed, shipped, cancelled), and records the time from the API's answer.
 */
export class ReadModelWatcher {
  private readonly pending: Watched[] = [];
  private readonly seen: { kind: Watched['kind']; ms: number }[] = [];
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(
    private readonly db: Db,
    /** Orders whose index is a multiple of it are watched. */
    private readonly every: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.polling && this.pending.length > 0)
        this.polling = this.poll()
          .catch(() => undefined) // the pointer may not exist yet; the next round tries again
          .finally(() => (this.polling = undefined));
    }, POLL_MS);
  }

  /** Called with every command the load sends. */
  onCommand(c: CommandRecord): void {
    if (c.orderIndex % this.every !== 0 || c.orderId === undefined) return;
    if (c.status === undefined || c.status >= 300) return;
    if (c.kind === 'place' || c.kind === 'ship' || c.kind === 'cancel') {
      if (c.kind === 'place' && c.replayed) return;
      this.pending.push({ kind: c.kind, orderId: c.orderId, answeredAt: c.answeredAt });
    }
  }

  private async poll(): Promise<void> {
    const ids = [...new Set(this.pending.map((w) => w.orderId))];
    const collection = await readModelCollection<{ status?: string }>(this.db, PROJECTION);
    const docs = await collection.find({ _id: { $in: ids } }).toArray();
    const now = Date.now();
    const status = new Map(docs.filter((d) => !d._deleted).map((d) => [d._id, d.status]));
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const w = this.pending[i]!;
      if (SHOWS[w.kind](status.get(w.orderId))) {
        this.seen.push({ kind: w.kind, ms: Math.max(0, now - w.answeredAt) });
        this.pending.splice(i, 1);
      }
    }
  }

  /** Stops polling (after one last round) and gives the latencies. */
  async stop(): Promise<ReadModelLatencies> {
    clearInterval(this.timer);
    await this.polling;
    if (this.pending.length > 0) await this.poll().catch(() => undefined);
    const byKind: Partial<Record<Watched['kind'], number[]>> = {};
    for (const s of this.seen) (byKind[s.kind] ??= []).push(s.ms);
    return {
      source: `the ${PROJECTION} collection read by _id every ${POLL_MS} ms, 1 order in ${this.every}, from the API's answer`,
      byKind,
      neverSeen: this.pending.length,
    };
  }
}
