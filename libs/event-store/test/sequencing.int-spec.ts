import { sequenceAll, useTestDatabase } from '@switchyard/testing';
import { getMongoEventStore, type EventStore, type StoredCommit } from '@switchyard/event-store';
import { testRegistry } from './test-contracts';
import { endWorker, spawnWorker, type WorkerProcess } from './workers/spawn-worker';

const inc = { type: 'counter.incremented', data: { by: 1 } };

async function readEverything(store: EventStore, from = 1, pageSize = 1_000): Promise<StoredCommit[]> {
  const out: StoredCommit[] = [];
  for (let next = from; ;) {
    const page = await store.readAll({ fromPosition: next, limit: pageSize });
    out.push(...page.commits);
    next = page.nextPosition;
    if (page.isEnd) return out;
  }
}

/** Positions 1..n, each stream's revisions ascending and contiguous in position order. */
function expectDenseInStreamOrder(all: readonly StoredCommit[]): void {
  expect(all.map((c) => c.position)).toEqual(all.map((_, i) => i + 1));
  const byStream = new Map<string, number[]>();
  for (const c of all) byStream.set(c.stream, [...(byStream.get(c.stream) ?? []), c.revision]);
  for (const revisions of byStream.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
}

const database = useTestDatabase('es_sequencing', { per: 'test' });

describe('event store: sequencing across processes (real DB)', () => {
  let store: EventStore;
  const workers: WorkerProcess[] = [];

  beforeEach(async () => {
    store = getMongoEventStore(database.db, testRegistry());
    await store.ensureIndexes();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map(endWorker));
  });
  const env = () => ({ MONGO_URL: database.mongoUrl, DB_NAME: database.name });

  it('4 writer processes on distinct and shared streams: only real conflicts fail, positions end dense and in stream order', async () => {
    // Given 4 processes appending at once, half to their own streams and half to 3 shared streams with
    // the exact revision they just read, while this process sequences alongside
    for (let w = 0; w < 4; w++) {
      workers.push(await spawnWorker('append-worker', { ...env(), WORKER: `w${w}`, APPENDS: '40' }));
    }
    let writing = true;
    const sequencing = (async () => {
      while (writing) {
        await store.sequence({ limit: 25 });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const exits = await Promise.all(workers.map((w) => w.exited));
    writing = false;
    await sequencing;
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0, 0]);

    // Then every append either succeeded or was refused for a real conflict on a shared stream
    const outcomes = workers.flatMap((w) =>
      w
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { ok: boolean; code?: string; stream: string; commitId?: string }),
    );
    expect(outcomes).toHaveLength(160);
    for (const o of outcomes.filter((x) => !x.ok)) {
      expect(o.code).toBe('SWITCHYARD_WRONG_EXPECTED_REVISION');
      expect(o.stream).toMatch(/^shared-/);
    }
    expect(outcomes.filter((o) => o.ok && !o.stream.startsWith('shared-'))).toHaveLength(80);

    // And once everything is sequenced, read-all holds each stored commit once, at positions 1..n, each
    // stream's revisions ascending in position order
    await sequenceAll(store);
    const all = await readEverything(store);
    const stored = outcomes.filter((o) => o.ok).map((o) => o.commitId);
    expect(all.map((c) => c.commitId).sort()).toEqual([...stored].sort());
    expectDenseInStreamOrder(all);

    // And read-all from any checkpoint, in any page size, returns exactly the rest
    for (const from of [1, 2, 17, 50, 99, all.length, all.length + 1]) {
      for (const pageSize of [1, 7, 100]) {
        const rest = await readEverything(store, from, pageSize);
        expect(rest.map((c) => c.commitId)).toEqual(all.slice(from - 1).map((c) => c.commitId));
      }
    }
  });

  it('two sequencers at once (a deposed lease holder that has not noticed): the unique claims keep positions dense', async () => {
    // Given two stores (as two processes) that both sequence in small batches while writers append
    const rival = getMongoEventStore(database.db, testRegistry());
    let writing = true;
    const loop = async (s: EventStore) => {
      while (writing) await s.sequence({ limit: 7 });
    };
    const sequencers = [loop(store), loop(rival)];
    for (let i = 0; i < 150; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => store.append(`two-${(i + j) % 9}`, [inc])));
    }
    writing = false;
    await Promise.all(sequencers);

    // Then, once the rest is sequenced, every commit has one position, 1..n, each stream in order
    await sequenceAll(rival);
    const all = await readEverything(store);
    expect(all).toHaveLength(150);
    expectDenseInStreamOrder(all);
    expect(await database.db.collection('commit_positions').countDocuments({})).toBe(150);
  });

  it('reads commits written with a position by the code before the sequencer as sequenced, and goes on after them', async () => {
    // Given commits written by the old code: positions taken at append time under a unique {position}
    // index, no sequenced field, no claims
    const commits = database.db.collection('legacy_commits');
    await commits.createIndex({ position: 1 }, { name: 'position_unique', unique: true });
    const legacy = (n: number, stream: string, revision: number) => {
      const eventId = `00000000-0000-4000-8000-00000000000${n}`;
      return {
        _id: eventId as never,
        stream,
        revision,
        lastRevision: revision,
        position: n,
        bucket: 0,
        events: [
          {
            eventId,
            type: 'counter.incremented',
            schemaVersion: 1,
            revision,
            data: '{"by":1}',
            metadata: '{}',
          },
        ],
        committedAt: new Date(),
        dispatched: n < 3,
      };
    };
    await commits.insertMany([legacy(1, 'legacy-a', 0), legacy(2, 'legacy-b', 0), legacy(3, 'legacy-a', 1)]);

    // When the new store opens them and appends
    const upgraded = getMongoEventStore(database.db, testRegistry(), {
      commitsCollection: 'legacy_commits',
      positionsCollection: 'legacy_positions',
    });
    await upgraded.ensureIndexes();
    const next = await upgraded.append('legacy-a', [inc], { expectedRevision: 1 });
    await sequenceAll(upgraded);

    // Then the old unique index is gone, the old commits read as sequenced, and the new one follows them
    const names = (await commits.listIndexes().toArray()).map((i) => i.name as string);
    expect(names).not.toContain('position_unique');
    const all = await readEverything(upgraded);
    expect(all.map((c) => [c.stream, c.revision, c.position])).toEqual([
      ['legacy-a', 0, 1],
      ['legacy-b', 0, 2],
      ['legacy-a', 1, 3],
      ['legacy-a', 2, 4],
    ]);
    expect(await upgraded.waitForPosition(next)).toBe(4);
    // And the outbox still sees the old undispatched commit, before the new one
    expect((await upgraded.readUndispatched()).map((c) => c.position)).toEqual([3, 4]);
  });

  it('a sequencer killed -9 between claiming and stamping: the next one resumes with no gap and no repeat', async () => {
    // Given 60 commits waiting, over 6 streams
    for (let i = 0; i < 60; i++) await store.append(`s-${i % 6}`, [inc]);

    // When a sequencer process is killed right after claiming the positions of its first batch
    const doomed = await spawnWorker('sequencer-worker', { ...env(), LIMIT: '25', CRASH_AFTER_CLAIM: '1' });
    workers.push(doomed);
    expect((await doomed.exited).signal).toBe('SIGKILL');
    // (at least the 25 it read, plus the stream predecessors it followed back: the read had a limit)
    const claims = await database.db.collection('commit_positions').countDocuments({});
    expect(claims).toBeGreaterThanOrEqual(25);
    expect(claims).toBeLessThan(60);
    // Readers see none of the claimed but unstamped commits yet, and wait at the gap
    expect(await store.readAll()).toMatchObject({ commits: [], nextPosition: 1 });

    // And more commits arrive before a second sequencer process takes over
    for (let i = 0; i < 10; i++) await store.append(`s-${i % 7}`, [inc]);
    const heir = await spawnWorker('sequencer-worker', { ...env(), LIMIT: '25' });
    workers.push(heir);
    expect((await heir.exited).code).toBe(0);

    // Then all 70 are read once, dense and in stream order, and the crashed batch kept its claims
    const all = await readEverything(store);
    expect(all).toHaveLength(70);
    expectDenseInStreamOrder(all);
    const claimed = await database.db
      .collection<{ _id: number; commit: string }>('commit_positions')
      .find({})
      .toArray();
    expect(claimed).toHaveLength(70);
    const positionOf = new Map(all.map((c) => [c.commitId, c.position]));
    for (const c of claimed) expect(positionOf.get(c.commit)).toBe(c._id);
  });

  it('a sequencer killed -9 at a random moment of a long backlog: the next one resumes with no gap and no repeat', async () => {
    // Given 400 commits waiting, over 20 streams
    for (let i = 0; i < 400; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => store.append(`r-${j}`, [inc])));
    }
    // When a sequencer process working through it in batches of 30 is killed -9 part of the way
    const doomed = await spawnWorker('sequencer-worker', { ...env(), LIMIT: '30' }, { waitForReady: true });
    workers.push(doomed);
    const deadline = Date.now() + 20_000;
    while ((await database.db.collection('commit_positions').countDocuments({})) < 60) {
      if (Date.now() > deadline) throw new Error(`the sequencer made no progress:\n${doomed.output()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    doomed.child.kill('SIGKILL');
    await doomed.exited;

    // Then this process, taking over, sequences the rest
    await sequenceAll(store, { limit: 30 });
    const all = await readEverything(store);
    expect(all).toHaveLength(400);
    expectDenseInStreamOrder(all);
  });
});
