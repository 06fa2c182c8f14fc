/**
 * An in-memory model of the collections the sequencer works on (commits and position claims), for the
 * property test. Each operation waits for `tick()` (a fast-check scheduler step) before it takes effect,
 * and bulk operations take effect one element per tick, so concurrent appends, sequencers and readers
 * interleave at every point the real database could. A `budget` of element steps models a process
 * killed -9: when it runs out the operation throws after the elements already applied, as a bulk write
 * cut short would leave them.
 */
import type { PendingCommit, PositionClaim, SequencerStore } from '../src/sequencing/sequencer-store';

export interface ModelCommit {
  readonly commitId: string;
  readonly stream: string;
  readonly revision: number;
  readonly lastRevision: number;
  readonly committedAt: Date;
  position?: number;
  /** `undefined` for commits written before sequencing existed (they carry a position already). */
  sequenced?: boolean;
  /** Set by a stamp that marked it dispatched (a hand-off published it). */
  dispatched?: boolean;
}

export class Killed extends Error {
  constructor() {
    super('killed -9');
  }
}

/** The shared state: what the database holds. */
export class ModelDatabase {
  readonly commits: ModelCommit[] = [];
  readonly claimsByPosition = new Map<number, PositionClaim>();
  readonly claimsByCommit = new Map<string, PositionClaim>();
  private appended = 0;

  constructor(
    /** Waits for the scheduler's go; replace it with an immediate one once the concurrent part is over. */
    public tick: () => Promise<void>,
    /** Pending commits come back newest first (a worst case for a read with a limit) or oldest first. */
    readonly newestFirst: boolean,
  ) {}

  /** Commits written by the old code, with dense positions 1..n and no `sequenced` field. */
  seedLegacy(streams: readonly string[]): void {
    for (const [i, stream] of streams.entries()) {
      const revision = this.commits.filter((c) => c.stream === stream).length;
      this.commits.push({
        commitId: `legacy-${i}`,
        stream,
        revision,
        lastRevision: revision,
        committedAt: new Date(0),
        position: i + 1,
      });
    }
  }

  /** One append: reads the stream's revision and inserts the next commit in one step. */
  async append(stream: string, clockSkewMs: number): Promise<ModelCommit> {
    await this.tick();
    const revision = this.commits.filter((c) => c.stream === stream).length;
    const commit: ModelCommit = {
      commitId: `c${++this.appended}`,
      stream,
      revision,
      lastRevision: revision,
      committedAt: new Date(this.appended * 10 + clockSkewMs),
      sequenced: false,
    };
    this.commits.push(commit);
    return commit;
  }

  /** What `readAll` finds: the commits that carry a position. */
  visible(): (ModelCommit & { position: number })[] {
    return this.commits.filter((c): c is ModelCommit & { position: number } => c.position !== undefined);
  }
}

/** One process's connection: dies (throws `Killed`) when its budget of element steps runs out. */
export class InMemorySequencerStore implements SequencerStore {
  constructor(
    private readonly db: ModelDatabase,
    private budget = Infinity,
  ) {}

  async readPending(limit: number, whole = false): Promise<PendingCommit[]> {
    await this.step();
    const pending = this.db.commits
      .filter((c) => c.sequenced === false)
      .map((c) => (whole ? { ...toPending(c), document: c } : toPending(c)));
    return (this.db.newestFirst ? pending.reverse() : pending).slice(0, limit);
  }

  async commitEndingAt(stream: string, lastRevision: number) {
    await this.step();
    const c = this.db.commits.find((x) => x.stream === stream && x.lastRevision === lastRevision);
    return c ? { ...toPending(c), sequenced: c.sequenced !== false } : undefined;
  }

  async isStamped(position: number): Promise<boolean> {
    await this.step();
    return this.db.commits.some((c) => c.position === position);
  }

  async isClaimed(position: number): Promise<boolean> {
    await this.step();
    return this.db.claimsByPosition.has(position);
  }

  async insertClaims(claims: readonly PositionClaim[]): Promise<number> {
    for (const [i, claim] of claims.entries()) {
      await this.step();
      // The unique keys: position (`_id`) and commit.
      if (this.db.claimsByPosition.has(claim.position) || this.db.claimsByCommit.has(claim.commitId))
        return i;
      this.db.claimsByPosition.set(claim.position, claim);
      this.db.claimsByCommit.set(claim.commitId, claim);
    }
    return claims.length;
  }

  async claimOf(commitId: string): Promise<PositionClaim | undefined> {
    await this.step();
    return this.db.claimsByCommit.get(commitId);
  }

  async claimsBetween(from: number, to: number): Promise<PositionClaim[]> {
    await this.step();
    return [...this.db.claimsByPosition.values()]
      .filter((c) => c.position >= from && c.position <= to)
      .sort((a, b) => a.position - b.position);
  }

  async stamp(claims: readonly PositionClaim[], dispatched?: ReadonlySet<string>): Promise<number> {
    let stamped = 0;
    for (const claim of claims) {
      await this.step();
      const c = this.db.commits.find((x) => x.commitId === claim.commitId && x.stream === claim.stream);
      if (c && c.sequenced === false) {
        c.position = claim.position;
        c.sequenced = true;
        if (dispatched?.has(c.commitId)) c.dispatched = true;
        stamped++;
      }
    }
    return stamped;
  }

  private async step(): Promise<void> {
    await this.db.tick();
    if (this.budget-- <= 0) throw new Killed();
  }
}

function toPending(c: ModelCommit): PendingCommit {
  return {
    commitId: c.commitId,
    stream: c.stream,
    revision: c.revision,
    lastRevision: c.lastRevision,
    committedAt: c.committedAt,
  };
}
