import type { ReadModelWrite, StoredReadModel } from '../store/projection-store.types';

/** How many documents a live runner remembers between rounds. */
export const DEFAULT_DOCUMENT_CACHE_SIZE = 10_000;

/**
 * What a lease holder knows of its build's documents between rounds: those it loaded or wrote, and those
 * it knows are absent. While it holds the lease it is the only writer, so a hot document (a customer's,
 * a merchant's day) needs no look-up per page; if another writer did touch one, the guarded write finds
 * out (a conflict) and the runner clears the cache. Least recently used documents go first.
 */
export class DocumentCache {
  /** `null`: known absent. */
  private readonly entries = new Map<string, StoredReadModel | null>();

  constructor(private readonly max = DEFAULT_DOCUMENT_CACHE_SIZE) {}

  /** The documents it knows among `ids` (absent ones left out), and the ids it does not know. */
  split(ids: readonly string[]): { known: StoredReadModel[]; unknown: string[] } {
    const known: StoredReadModel[] = [];
    const unknown: string[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry === undefined) unknown.push(id);
      else if (entry !== null) known.push(entry);
    }
    return { known, unknown };
  }

  /** Documents just loaded for `ids`: those not found are absent. */
  loaded(ids: readonly string[], docs: readonly StoredReadModel[]): void {
    const found = new Map(docs.map((d) => [d.id, d]));
    for (const id of ids) this.set(id, found.get(id) ?? null);
  }

  written(writes: readonly ReadModelWrite[]): void {
    for (const w of writes) this.set(w.id, { id: w.id, state: w.state, applied: w.applied });
  }

  clear(): void {
    this.entries.clear();
  }

  private set(id: string, entry: StoredReadModel | null): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
