import fc from 'fast-check';
import {
  InMemorySequencerStore,
  Killed,
  ModelDatabase,
  type ModelCommit,
} from '../../test/in-memory-sequencer-store';
import { CommitSequencer } from './commit-sequencer';
import { densePage } from './dense-page';

const STREAMS = ['a', 'b', 'c', 'd'];

interface Scenario {
  readonly legacy: string[];
  readonly newestFirst: boolean;
  /** Per writer: the streams it appends to, one after another, and its clock skew. */
  readonly writers: { streams: string[]; skewMs: number }[];
  /** Per sequencer process: batch limits it runs, and after how many element steps it is killed. */
  readonly sequencers: { limits: number[]; killAfter: number[] }[];
  /** Per reader: page sizes it reads with while everything else runs. */
  readonly readers: number[][];
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  legacy: fc.array(fc.constantFrom(...STREAMS), { maxLength: 4 }),
  newestFirst: fc.boolean(),
  writers: fc.array(
    fc.record({
      streams: fc.array(fc.constantFrom(...STREAMS), { minLength: 1, maxLength: 8 }),
      skewMs: fc.integer({ min: -50, max: 50 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  sequencers: fc.array(
    fc.record({
      limits: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
      killAfter: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  readers: fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 10 }), {
    minLength: 1,
    maxLength: 2,
  }),
});

/**
 * One sequencer process: runs its batches; when killed, a new process (fresh memory, a new lease term)
 * takes over with the next budget, and the last one is never killed.
 */
async function runSequencer(db: ModelDatabase, plan: Scenario['sequencers'][number]): Promise<void> {
  const budgets = [...plan.killAfter, Infinity];
  let life = 0;
  let sequencer = new CommitSequencer(new InMemorySequencerStore(db, budgets[0]));
  for (const limit of plan.limits) {
    try {
      await sequencer.sequence(limit);
    } catch (err) {
      if (!(err instanceof Killed)) throw err;
      life = Math.min(life + 1, budgets.length - 1);
      sequencer = new CommitSequencer(new InMemorySequencerStore(db, budgets[life]));
    }
  }
}

/** A reader paging through read-all with its checkpoint; returns what it saw and its checkpoint. */
async function runReader(db: ModelDatabase, pages: number[]): Promise<{ seen: string[]; next: number }> {
  const seen: string[] = [];
  let next = 1;
  for (const limit of pages) {
    await db.tick();
    const page = densePage(db.visible(), next, limit);
    seen.push(...page.map((c) => c.commitId));
    if (page.length > 0) next = page[page.length - 1]!.position + 1;
  }
  return { seen, next };
}

/** Sequences whatever is left with a single healthy sequencer, as the relay eventually does. */
async function settle(db: ModelDatabase): Promise<void> {
  const sequencer = new CommitSequencer(new InMemorySequencerStore(db));
  for (let i = 0; i < 1000; i++) {
    const r = await sequencer.sequence(7);
    if (r.complete && db.commits.every((c) => c.sequenced !== false)) return;
  }
  throw new Error('the sequencer did not settle');
}

function expectSequencedLog(commits: readonly ModelCommit[]): string[] {
  const positioned = commits.filter((c) => c.position !== undefined);
  // Every commit has a position, positions are 1..n with no gap and no repeat
  expect(positioned).toHaveLength(commits.length);
  const byPosition = [...positioned].sort((x, y) => x.position! - y.position!);
  expect(byPosition.map((c) => c.position)).toEqual(byPosition.map((_, i) => i + 1));
  // Each stream's revisions ascend in position order
  for (const s of STREAMS) {
    const revisions = byPosition.filter((c) => c.stream === s).map((c) => c.revision);
    expect(revisions).toEqual(revisions.map((_, i) => i));
  }
  return byPosition.map((c) => c.commitId);
}

describe('CommitSequencer (property: random interleavings of appends, sequencer batches, kills and reads)', () => {
  it('never lets a reader skip or repeat a commit, and ends with dense positions in stream order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scenario, async (s, sc) => {
        const db = new ModelDatabase(
          () => s.schedule(Promise.resolve()).then(() => undefined),
          sc.newestFirst,
        );
        db.seedLegacy(sc.legacy);

        // When writers, sequencer processes (killed and replaced at random points, overlapping each
        // other like a deposed lease holder) and readers all run interleaved by the scheduler
        const writers = sc.writers.map(async (w) => {
          for (const stream of w.streams) await db.append(stream, w.skewMs);
        });
        const sequencers = sc.sequencers.map((plan) => runSequencer(db, plan));
        const readers = sc.readers.map((pages) => runReader(db, pages));
        await s.waitFor(Promise.all([...writers, ...sequencers]));
        const views = await s.waitFor(Promise.all(readers));

        // And then a healthy sequencer finishes the work
        db.tick = async () => undefined;
        await settle(db);

        // Then the log is dense, unique and in stream order
        const log = expectSequencedLog(db.commits);
        for (const view of views) {
          // And what each reader saw is exactly the head of the log: nothing skipped, repeated or reordered
          expect(view.seen).toEqual(log.slice(0, view.seen.length));
          // And resuming from its checkpoint gives it exactly the rest
          const rest = densePage(db.visible(), view.next, 10_000).map((c) => c.commitId);
          expect([...view.seen, ...rest]).toEqual(log);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('resumes after a kill between claiming and stamping with no gap and no repeated position', async () => {
    // Given a sequencer killed right after it claimed positions for a batch (claims in, no stamp)
    const db = new ModelDatabase(async () => undefined, false);
    for (const stream of ['a', 'b', 'a', 'c', 'b']) await db.append(stream, 0);
    const doomed = new CommitSequencer(new InMemorySequencerStore(db), {
      afterClaimBeforeStamp: () => {
        throw new Killed();
      },
    });
    await expect(doomed.sequence(10)).rejects.toBeInstanceOf(Killed);
    expect(db.claimsByPosition.size).toBe(5);
    expect(db.visible()).toHaveLength(0);

    // When a new sequencer takes over and more commits arrive
    for (const stream of ['c', 'd']) await db.append(stream, 0);
    const next = new CommitSequencer(new InMemorySequencerStore(db));
    const result = await next.sequence(10);

    // Then the claimed batch is stamped where it was claimed and the new commits follow it
    expect(result).toEqual({ sequenced: 7, complete: true, handedOff: 0 });
    expect(expectSequencedLog(db.commits)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
  });

  it('follows a stream back past a read limit so its revisions never get positions out of order', async () => {
    // Given a backlog read newest first with a limit smaller than it
    const db = new ModelDatabase(async () => undefined, true);
    for (const stream of ['a', 'a', 'b', 'a', 'b', 'a']) await db.append(stream, 0);
    const sequencer = new CommitSequencer(new InMemorySequencerStore(db));
    // When one batch reads only the 2 newest
    const first = await sequencer.sequence(2);
    // Then it took their predecessors along, oldest first
    expect(first.complete).toBe(false);
    expect(first.sequenced).toBe(6);
    expect(expectSequencedLog(db.commits)).toHaveLength(6);
  });

  it('hands a claimed batch over before its stamp, and stamps the published ones dispatched', async () => {
    // Given four pending commits
    const db = new ModelDatabase(async () => undefined, false);
    for (const stream of ['a', 'b', 'a', 'c']) await db.append(stream, 0);
    const sequencer = new CommitSequencer(new InMemorySequencerStore(db));
    let visibleAtHandOff = -1;
    // When a batch is handed over, and the taker publishes all but c3
    const result = await sequencer.sequence(10, false, async (handed) => {
      visibleAtHandOff = db.visible().length;
      expect(handed.map((h) => h.claim.position)).toEqual([1, 2, 3, 4]);
      expect(handed.every((h) => h.pending.document !== undefined)).toBe(true);
      return handed.map((h) => h.claim.commitId).filter((id) => id !== 'c3');
    });
    // Then it was handed over claimed but not stamped, and the stamp marked the published ones
    expect(visibleAtHandOff).toBe(0);
    expect(result).toEqual({ sequenced: 4, complete: true, handedOff: 4 });
    expect(expectSequencedLog(db.commits)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(db.commits.filter((c) => c.dispatched).map((c) => c.commitId)).toEqual(['c1', 'c2', 'c4']);
  });

  it('stamps a batch whose hand-off failed, dispatching nothing, and passes the error on', async () => {
    const db = new ModelDatabase(async () => undefined, false);
    for (const stream of ['a', 'b']) await db.append(stream, 0);
    const sequencer = new CommitSequencer(new InMemorySequencerStore(db));
    await expect(
      sequencer.sequence(10, false, async () => {
        throw new Error('broker away');
      }),
    ).rejects.toThrow('broker away');
    // Readers are not held up by the broker: the positions are stamped
    expect(expectSequencedLog(db.commits)).toEqual(['c1', 'c2']);
    expect(db.commits.some((c) => c.dispatched)).toBe(false);
  });

  it('hands over no commit of a stream after one it cannot hand over (a predecessor read without events)', async () => {
    // Given a backlog read newest first with a limit smaller than it: predecessors come without events
    const db = new ModelDatabase(async () => undefined, true);
    for (const stream of ['a', 'a', 'b', 'a', 'b', 'a']) await db.append(stream, 0);
    const sequencer = new CommitSequencer(new InMemorySequencerStore(db));
    const handedOver: string[] = [];
    // When one batch of 2 is handed over
    const result = await sequencer.sequence(2, false, async (handed) => {
      handedOver.push(...handed.map((h) => h.claim.commitId));
      return handed.map((h) => h.claim.commitId);
    });
    // Then the read commits whose stream has an earlier commit not handed over stay behind with it
    expect(result.sequenced).toBe(6);
    expect(handedOver).toEqual([]);
    expect(db.commits.some((c) => c.dispatched)).toBe(false);
  });
});
