import type { Collection, Document } from 'mongodb';
import { sequenceAll, useTestDatabase } from '@switchyard/testing';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { testRegistry } from './test-contracts';

const inc = (by: number) => ({ type: 'counter.incremented', data: { by } });

const database = useTestDatabase('es_read_gaps', { per: 'test' });

/**
 * A reader at a position that is allocated but not visible yet must wait there: positions N+1 and N+2
 * given, N+2's stamp written first (as two sequencer lanes may), N+1's a moment later.
 */
describe('event store: read-all stops at a gap and resumes when it fills (real DB)', () => {
  let store: EventStore;
  let commits: Collection<Document>;

  beforeEach(async () => {
    store = getMongoEventStore(database.db, testRegistry());
    commits = database.db.collection('commits');
  });

  /** Writes the stamp the sequencer would: position, bucket, sequenced. */
  const stamp = (commitId: string, position: number) =>
    commits.updateOne(
      { _id: commitId as never },
      { $set: { position, bucket: Math.floor(position / 100), sequenced: true } },
    );

  it('returns nothing past N while N+2 is visible and N+1 is not, then both in order', async () => {
    // Given three sequenced commits (positions 1..3) and two more appended
    for (const s of ['a', 'b', 'c']) await store.append(`g-${s}`, [inc(1)]);
    await sequenceAll(store);
    const n1 = await store.append('g-d', [inc(2)]);
    const n2 = await store.append('g-e', [inc(3)]);

    // When position 5 is stamped before position 4
    await stamp(n2.commitId, 5);
    const atGap = await store.readAll({ fromPosition: 4 });
    const fromStart = await store.readAll();

    // Then a reader at 4 gets nothing and keeps its checkpoint, and a reader from the start stops at 3
    expect(atGap).toMatchObject({ commits: [], nextPosition: 4 });
    expect(fromStart.commits.map((c) => c.position)).toEqual([1, 2, 3]);
    expect(fromStart.nextPosition).toBe(4);

    // And once position 4 is stamped, the reader resumes with 4 then 5, each once
    await stamp(n1.commitId, 4);
    const resumed = await store.readAll({ fromPosition: atGap.nextPosition });
    expect(resumed.commits.map((c) => [c.position, c.stream])).toEqual([
      [4, 'g-d'],
      [5, 'g-e'],
    ]);
    expect(resumed.nextPosition).toBe(6);
  });
});
