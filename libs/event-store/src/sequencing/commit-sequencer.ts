import type { SequenceResult } from '../event-store.types';
import { highestDense } from './highest-dense';
import { sequenceOrder } from './sequence-order';
import type { PendingCommit, PositionClaim, SequencerStore } from './sequencer-store';

/** A claimed commit handed over before its stamp: its claim, and the pending commit read whole. */
export interface HandedOffCommit {
  readonly claim: PositionClaim;
  readonly pending: PendingCommit;
}

/** Takes claimed commits before they are stamped; resolves the ids to stamp dispatched. */
export type HandOff = (commits: readonly HandedOffCommit[]) => Promise<Iterable<string>>;

/** Points where a test can step into the sequencer's work, e.g. to kill the process as a crash would. */
export interface SequencerHooks {
  /**
   * Called after a batch's positions are claimed and before they are stamped onto the commits. A crash
   * test SIGKILLs its own process here; the sequencer awaits what it returns.
   */
  readonly afterClaimBeforeStamp?: (claims: readonly PositionClaim[]) => void | Promise<void>;
}

/**
 * Gives appended commits their dense global positions, in batches, after the append.
 *
 * A batch reads the pending commits (`sequenced: false`, an equality look-up), orders them (each stream
 * by revision, {@link sequenceOrder}), **claims** positions `next, next+1, …` for them with one ordered
 * insert into the claims (unique by position and by commit), then **stamps** the won claims onto the
 * commits with one bulk write. The claims are the truth; a stamp is a copy that readers can find by
 * equality (`bucket`), and writing it again is harmless.
 *
 * Meant to run in one process at a time (the outbox relay's lease holder), but safe if two overlap (a
 * deposed holder that has not noticed yet): the unique keys let one claim win each position and each
 * commit, and the loser re-reads. A crash between claiming and stamping is repaired by the next
 * sequencer: it finds the claimed but unstamped tail first ({@link recover}), and a pending commit that
 * turns out to be claimed already is stamped with its claim instead of claiming again.
 */
export class CommitSequencer {
  /** First position not claimed, as far as this sequencer knows; `undefined` until recovered. */
  private next: number | undefined;
  /** Every position below it was stamped when this sequencer last looked: a lower bound to search from. */
  private stampedBelow = 1;
  private stale = true;

  constructor(
    private readonly store: SequencerStore,
    private readonly hooks: SequencerHooks = {},
    private readonly onStamped: (claims: readonly PositionClaim[]) => void = () => undefined,
  ) {}

  /**
   * Sequences one batch of at most `limit` pending commits (plus predecessors they need first). With
   * `handOff`, the batch is read whole and each claimed run is handed over before it is stamped; the ids
   * it resolves are stamped dispatched.
   */
  async sequence(limit: number, resync = false, handOff?: HandOff): Promise<SequenceResult> {
    if (resync) this.stale = true;
    try {
      const recovered = this.stale ? await this.recover() : 0;
      const pending = await this.store.readPending(limit, handOff !== undefined);
      if (pending.length === 0) return { sequenced: recovered, complete: true, handedOff: 0 };
      // A short read holds every pending commit: for each of its streams, the commit before the lowest one
      // was appended before it, so it is in the read or already sequenced. A full read may have missed
      // some, so each stream's chain is followed back to a sequenced commit.
      const whole = pending.length < limit;
      const batch = whole ? pending : await this.withPredecessors(pending);
      const { stamped, conflict, handedOff } = await this.assign(sequenceOrder(batch), handOff);
      return { sequenced: recovered + stamped, complete: whole && !conflict, handedOff };
    } catch (err) {
      this.stale = true;
      throw err;
    }
  }

  /**
   * Finds where the claims end and stamps the claims a crashed batch left unstamped (the tail above the
   * highest stamped position), lowest first, so a stream's commits become visible in order.
   */
  private async recover(): Promise<number> {
    const stamped = await highestDense(this.stampedBelow - 1, (p) => this.store.isStamped(p));
    const claimed = await highestDense(stamped, (p) => this.store.isClaimed(p));
    const repaired =
      claimed > stamped ? await this.stamp(await this.store.claimsBetween(stamped + 1, claimed)) : 0;
    this.next = claimed + 1;
    this.stampedBelow = this.next;
    this.stale = false;
    return repaired;
  }

  /** Claims positions for `ordered` and stamps them; a commit claimed already gets its old claim. */
  private async assign(
    ordered: readonly PendingCommit[],
    handOff: HandOff | undefined,
  ): Promise<{ stamped: number; conflict: boolean; handedOff: number }> {
    let queue = ordered;
    let stamped = 0;
    let handedOff = 0;
    // Streams with a commit of this batch that is not handed over: their later commits are not either,
    // or a taker would publish them before it.
    const kept = new Set<string>();
    while (queue.length > 0) {
      const start = this.next!;
      const claims = queue.map((c, i) => ({ position: start + i, commitId: c.commitId, stream: c.stream }));
      const inserted = await this.store.insertClaims(claims);
      if (inserted > 0) {
        const won = claims.slice(0, inserted);
        this.next = start + inserted;
        await this.hooks.afterClaimBeforeStamp?.(won);
        // Only commits read whole are handed over (a stream's predecessors were read without events), and
        // none after one that is not, in its stream.
        const handed = handOff
          ? won.filter((c, i) => {
              if (queue[i]!.document !== undefined && !kept.has(c.stream)) return true;
              kept.add(c.stream);
              return false;
            })
          : [];
        let dispatched: ReadonlySet<string> | undefined;
        let failure: unknown;
        if (handed.length > 0) {
          handedOff += handed.length;
          const byId = new Map(queue.slice(0, inserted).map((c) => [c.commitId, c]));
          try {
            dispatched = new Set(
              await handOff!(handed.map((c) => ({ claim: c, pending: byId.get(c.commitId)! }))),
            );
          } catch (err) {
            failure = err;
          }
        }
        // Stamped whatever the hand-off did: readers must not wait for the broker.
        stamped += await this.stamp(won, dispatched);
        if (failure !== undefined) throw failure;
      }
      if (inserted === claims.length) break;
      // A duplicate key at `queue[inserted]`: either the commit is claimed already (a batch cut short
      // before its stamps), or the position is (another sequencer is at work). Told apart by reading.
      const blocked = queue[inserted]!;
      const earlier = await this.store.claimOf(blocked.commitId);
      if (!earlier) {
        this.stale = true;
        return { stamped, conflict: true, handedOff };
      }
      // Its stream's earlier commits were claimed before it, lower: stamping it keeps the stream in order.
      stamped += await this.stamp([earlier]);
      kept.add(earlier.stream);
      queue = queue.slice(inserted + 1);
    }
    if (!this.stale) this.stampedBelow = this.next!;
    return { stamped, conflict: false, handedOff };
  }

  private async stamp(claims: readonly PositionClaim[], dispatched?: ReadonlySet<string>): Promise<number> {
    if (claims.length === 0) return 0;
    const n = await this.store.stamp(claims, dispatched);
    this.onStamped(claims);
    return n;
  }

  /**
   * The batch plus, for each stream in it, every pending commit between its highest one there and the
   * stream's last sequenced commit, followed back one equality look-up at a time.
   */
  private async withPredecessors(pending: readonly PendingCommit[]): Promise<PendingCommit[]> {
    const byStream = new Map<string, Map<number, PendingCommit>>();
    for (const c of pending) {
      let ends = byStream.get(c.stream);
      if (!ends) byStream.set(c.stream, (ends = new Map()));
      ends.set(c.lastRevision, c);
    }
    await Promise.all(
      [...byStream.entries()].map(async ([stream, ends]) => {
        let revision = Math.max(...[...ends.values()].map((c) => c.revision));
        while (revision > 0) {
          const known = ends.get(revision - 1);
          const before = known ?? (await this.store.commitEndingAt(stream, revision - 1));
          if (!before || ('sequenced' in before && before.sequenced)) return;
          ends.set(before.lastRevision, before);
          revision = before.revision;
        }
      }),
    );
    return [...byStream.values()].flatMap((ends) => [...ends.values()]);
  }
}
