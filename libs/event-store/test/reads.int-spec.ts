import { sequenceAll, useTestDatabase } from '@switchyard/testing';
import {
  getMongoEventStore,
  type AppendResult,
  type EventStore,
  type StoredCommit,
} from '@switchyard/event-store';
import { testRegistry } from './test-contracts';

const inc = (by: number) => ({ type: 'counter.incremented', data: { by } });

const database = useTestDatabase('es_reads');

describe('event store: reads (real DB)', () => {
  let store: EventStore;

  beforeAll(async () => {
    store = getMongoEventStore(database.db, testRegistry());
    // Given 30 commits interleaved over 3 streams, some holding 2 events, written partly concurrently
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        ['s-a', 's-b', 's-c'].map((s, i) =>
          store.append(s, i === 1 ? [inc(round * 10 + 1), inc(round * 10 + 2)] : [inc(round * 10 + 1)]),
        ),
      );
      for (const s of ['s-a', 's-b', 's-c']) await store.append(s, [inc(round * 10 + 5)]);
    }
    await sequenceAll(store);
  });

  async function readAllPaged(pageSize: number, from = 1): Promise<StoredCommit[]> {
    const out: StoredCommit[] = [];
    let position = from;
    for (;;) {
      const page = await store.readAll({ fromPosition: position, limit: pageSize });
      out.push(...page.commits);
      position = page.nextPosition;
      if (page.isEnd) return out;
    }
  }

  it('read-all gives every commit once, in dense position order, the same on every read', async () => {
    const first = await store.readAll();
    expect(first.commits.map((c) => c.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(first.events).toHaveLength(35);
    const second = await store.readAll();
    expect(second.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    // Per stream, read-all order matches stream order
    for (const s of ['s-a', 's-b', 's-c']) {
      const revisions = first.events.filter((e) => e.stream === s).map((e) => e.revision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    }
  });

  it('resuming from a checkpoint gives the rest exactly once', async () => {
    const all = (await store.readAll()).commits.map((c) => c.commitId);
    // Given a reader that stopped after 7 commits
    const head = await store.readAll({ limit: 7 });
    expect(head.isEnd).toBe(false);
    // When it resumes from its checkpoint in pages of 4
    const rest = await readAllPaged(4, head.nextPosition);
    // Then together they are the full log, no gap, no repeat
    expect([...head.commits.map((c) => c.commitId), ...rest.map((c) => c.commitId)]).toEqual(all);
  });

  it('a checkpoint at the end returns nothing and keeps the checkpoint; new commits then appear', async () => {
    const end = await store.readAll({ fromPosition: 31 });
    expect(end).toMatchObject({ commits: [], nextPosition: 31, isEnd: true });
    const late = await store.append('s-d', [inc(99)]);
    // Not visible before it is sequenced, then at the checkpoint
    expect((await store.readAll({ fromPosition: end.nextPosition })).commits).toEqual([]);
    await sequenceAll(store);
    expect(await store.waitForPosition(late)).toBe(31);
    const next = await store.readAll({ fromPosition: end.nextPosition });
    expect(next.events.map((e) => [e.stream, e.position])).toEqual([['s-d', 31]]);
  });

  it('read-all pages across many position buckets give every commit exactly once', async () => {
    // Given 250 more commits (positions cross several buckets of 100)
    for (let i = 0; i < 250; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) => store.append(`s-many-${(i + j) % 7}`, [inc(i + j + 1)])),
      );
      // Sequenced in batches of varying size while appends go on
      await store.sequence({ limit: 13 + i });
    }
    await sequenceAll(store);
    const all = (await store.readAll({ limit: 10_000 })).commits;
    expect(all.map((c) => c.position)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    // When read in odd-sized pages from a checkpoint in the middle of a bucket
    const head = all.slice(0, 57).map((c) => c.commitId);
    const rest = (await readAllPaged(37, 58)).map((c) => c.commitId);
    // Then head + rest is the whole log
    expect([...head, ...rest]).toEqual(all.map((c) => c.commitId));
  });

  it('reads a stream forwards and backwards from a revision, with a limit', async () => {
    // s-b holds 15 events: revisions 0..14 (5 rounds of 2 + 1)
    expect(await store.currentRevision('s-b')).toBe(14);
    const forwards = await store.readStream('s-b', { from: 3, limit: 4 });
    expect(forwards.map((e) => e.revision)).toEqual([3, 4, 5, 6]);
    // from inside a commit (3..4), and to the end of the stream
    expect((await store.readStream('s-b', { from: 4, limit: 3 })).map((e) => e.revision)).toEqual([4, 5, 6]);
    expect((await store.readStream('s-b', { from: 11 })).map((e) => e.revision)).toEqual([11, 12, 13, 14]);
    const backwards = await store.readStream('s-b', { from: 7, direction: 'backwards', limit: 4 });
    expect(backwards.map((e) => e.revision)).toEqual([7, 6, 5, 4]);
    const lastTwo = await store.readStream('s-b', { direction: 'backwards', limit: 2 });
    expect(lastTwo.map((e) => e.revision)).toEqual([14, 13]);
    expect(await store.readStream('s-b', { from: 15 })).toEqual([]);
  });

  it('tells a missing stream apart', async () => {
    expect(await store.currentRevision('s-missing')).toBeUndefined();
    expect(await store.readStream('s-missing')).toEqual([]);
  });

  it('envelopes carry ids, versions, metadata, stream, revision, time and position', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const result = await store.append('s-meta', [inc(1)], {
      metadata: {
        correlationId: 'corr-1',
        causationId: 'cmd-1',
        traceparent,
        actor: 'user-7',
        tenant: 'acme',
      },
    });
    // Before sequencing a stream read already sees the event, without a position
    const [early] = await store.readStream('s-meta');
    expect(early).not.toHaveProperty('position');
    await sequenceAll(store);
    const [event] = await store.readStream('s-meta');
    expect(event).toEqual({
      eventId: result.eventIds[0],
      type: 'counter.incremented',
      schemaVersion: 1,
      data: { by: 1 },
      metadata: {
        correlationId: 'corr-1',
        causationId: 'cmd-1',
        traceparent,
        actor: 'user-7',
        tenant: 'acme',
      },
      stream: 's-meta',
      revision: 0,
      committedAt: result.committedAt,
      position: await store.waitForPosition(result),
      indexInCommit: 0,
    });
  });

  it('outbox hooks: listeners see each new commit; undispatched commits come oldest first until marked', async () => {
    const seen: AppendResult[] = [];
    const unsubscribe = store.subscribeToAppends((c) => seen.push(c));
    const a = await store.append('s-outbox', [inc(1)]);
    unsubscribe();
    await store.append('s-outbox', [inc(2)]);
    expect(seen).toEqual([a]);

    await sequenceAll(store);
    const undispatched = await store.readUndispatched({ limit: 1000 });
    expect(undispatched.map((c) => c.position)).toEqual(
      [...undispatched.map((c) => c.position)].sort((x, y) => x - y),
    );
    await store.markDispatched(undispatched.slice(0, -1).map((c) => c.commitId));
    const left = await store.readUndispatched();
    expect(left.map((c) => c.commitId)).toEqual([undispatched[undispatched.length - 1]!.commitId]);
    expect(await store.countUndispatched()).toBe(1);
  });
});
