import type { Collection, Document } from 'mongodb';
import { useTestDatabase } from '@switchyard/testing';
import { getMongoEventStore, REVISION_BUCKET_SIZE, type EventStore } from '@switchyard/event-store';
import { testRegistry } from './test-contracts';

const inc = (by: number) => ({ type: 'counter.incremented', data: { by } });

/**
 * Commit sizes of the test stream: single events, small batches, and batches spanning several revision
 * buckets, so tails start in, across and after bucket boundaries.
 */
const COMMIT_SIZES = [1, 3, 1, 1, 70, 1, 2, 1, 130, 1, 1, 5, 1, 64, 1, 1, 2, 1];
const TOTAL = COMMIT_SIZES.reduce((a, b) => a + b, 0);
/** First revision of each commit. */
const STARTS = COMMIT_SIZES.map((_, i) => COMMIT_SIZES.slice(0, i).reduce((a, b) => a + b, 0));
/** Tails starting at, right before and right after every commit start, at the end and past it. */
const FROMS = [...new Set(STARTS.flatMap((r) => [r - 1, r, r + 1]).concat(TOTAL, TOTAL + 1, TOTAL + 2))]
  .filter((r) => r >= 1)
  .sort((a, b) => a - b);

const database = useTestDatabase('es_tail_reads');

describe('event store: tail reads by revision bucket, old commits included (real DB)', () => {
  let store: EventStore;
  let commits: Collection<Document>;

  beforeAll(async () => {
    store = getMongoEventStore(database.db, testRegistry());
    commits = database.db.collection('commits');
    for (const stream of ['bucketed', 'old', 'mixed']) {
      let n = 0;
      for (const size of COMMIT_SIZES)
        await store.append(
          stream,
          Array.from({ length: size }, () => inc(++n)),
        );
    }
    // Commits written before `revisionBucket` existed: the whole of `old`, every third commit of `mixed`
    await commits.updateMany({ stream: 'old' }, { $unset: { revisionBucket: '' } });
    const mixed = await commits.find({ stream: 'mixed' }).sort({ revision: 1 }).toArray();
    for (const doc of mixed.filter((_, i) => i % 3 === 1))
      await commits.updateOne({ _id: doc._id }, { $unset: { revisionBucket: '' } });
  });

  /** The `by` values of the events read: event i (0-based) carries i + 1. */
  const read = async (stream: string, from: number, limit?: number) =>
    (await store.readStream(stream, { from, limit })).map((e) => (e.data as { by: number }).by);
  const expected = (from: number, limit = Infinity) =>
    Array.from({ length: Math.max(0, Math.min(TOTAL - from, limit)) }, (_, i) => from + i + 1);

  it('commits carry the bucket of their first revision', async () => {
    const docs = await commits.find({ stream: 'bucketed' }).toArray();
    expect(docs).toHaveLength(COMMIT_SIZES.length);
    for (const d of docs) expect(d.revisionBucket).toBe(Math.floor(d.revision / REVISION_BUCKET_SIZE));
  });

  it.each(['bucketed', 'old', 'mixed'])(
    '%s: from revisions at, inside and past commits, reads exactly the events from there on',
    async (stream) => {
      // Commits without a bucket take the slow path on FerretDB: a third of the starting points is enough.
      const froms = stream === 'old' ? FROMS.filter((_, i) => i % 3 === 0) : FROMS;
      for (const from of froms) {
        expect({ from, events: await read(stream, from) }).toEqual({ from, events: expected(from) });
      }
    },
  );

  it.each(['bucketed', 'mixed'])('%s: a limit cuts the tail, wherever it starts', async (stream) => {
    for (const [from, limit] of [
      [1, 1],
      [4, 2],
      [5, 100],
      [77, 3],
      [150, 200],
      [TOTAL - 1, 5],
    ] as const) {
      expect({ from, limit, events: await read(stream, from, limit) }).toEqual({
        from,
        limit,
        events: expected(from, limit),
      });
    }
  });

  it('a last commit written without a bucket is still read: the end is confirmed by revision', async () => {
    await store.append('late', [inc(1)]);
    await store.append('late', [inc(2)]);
    await store.append('late', [inc(3)]);
    await commits.updateOne({ stream: 'late', revision: 2 }, { $unset: { revisionBucket: '' } });
    expect(await read('late', 1)).toEqual([2, 3]);
  });

  it('a tail of many single-event commits, bucketed or not, is read whole and in order', async () => {
    // Given 150 one-event commits (three revision buckets) and 24 written before buckets existed
    for (let n = 1; n <= 150; n++) await store.append('long-bucketed', [inc(n)]);
    for (let n = 1; n <= 24; n++) await store.append('long-old', [inc(n)]);
    for (let r = 0; r < 24; r++)
      await commits.updateOne({ stream: 'long-old', revision: r }, { $unset: { revisionBucket: '' } });
    const upTo = (n: number, from: number) => Array.from({ length: n - from }, (_, i) => from + i + 1);
    // Then tails of 16 commits and more (past one look-up batch, across buckets) come back exact
    for (const from of [1, 3, 16, 17, 60, 63, 64, 65, 100, 127, 128, 140])
      expect({ from, events: await read('long-bucketed', from) }).toEqual({ from, events: upTo(150, from) });
    for (const from of [1, 2, 7, 8, 20])
      expect({ from, events: await read('long-old', from) }).toEqual({ from, events: upTo(24, from) });
  });
});
