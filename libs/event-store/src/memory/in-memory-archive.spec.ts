import { exampleEventRegistry, exampleOrderPlaced, Order } from '@switchyard/examples';
import type { EventStore } from '../event-store';
import { AggregateRepository } from '../aggregate/aggregate-repository';
import type { ArchiveMarker, StoredCommitRecord } from '../archive/archive.types';
import { isArchiveConflictError } from '../errors/archive-conflict.error';
import { isHistoryArchivedError } from '../errors/history-archived.error';
import { isWrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { exportEvents } from '../export/export-events';
import { getInMemoryEventStore } from './in-memory-event-store';

const FILE = '/archives/orders-1.ndjson';

/** Every sequenced commit as stored (archived history skipped). */
async function records(store: EventStore): Promise<StoredCommitRecord[]> {
  return [...(await store.readAllRecords({ limit: 10_000, archived: 'skip' })).commits];
}

/** What `archiveEvents` does, without the file: each stream's commits up to its latest snapshot. */
async function archiveUpToSnapshots(store: EventStore): Promise<ArchiveMarker[]> {
  const byStream = new Map<string, StoredCommitRecord[]>();
  for (const c of await records(store)) byStream.set(c.stream, [...(byStream.get(c.stream) ?? []), c]);
  const markers: ArchiveMarker[] = [];
  for (const [stream, commits] of byStream) {
    const snapshot = await store.readLatestSnapshot(stream);
    const run = commits.filter((c) => snapshot && c.lastRevision <= snapshot.revision);
    if (run.length === 0) continue;
    markers.push(
      await store.archiveCommits({
        stream,
        commits: run.map((c) => ({ ...c, events: c.events.length })),
        file: FILE,
        sha256: 'f00d',
      }),
    );
  }
  return markers;
}

async function exported(store: EventStore): Promise<string> {
  let out = '';
  await exportEvents(store, (chunk) => void (out += chunk));
  return out;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('in-memory event store: archived history', () => {
  let store: EventStore;
  let orders: AggregateRepository<Order>;

  /** o-1 placed, confirmed, shipped; o-2 placed, confirmed; o-3 placed: snapshots at revision 1 (every 2). */
  beforeEach(async () => {
    store = getInMemoryEventStore(exampleEventRegistry());
    orders = new AggregateRepository(store, {
      create: (id) => new Order(id),
      snapshots: { every: 2, schemaVersion: 1 },
    });
    for (const id of ['o-1', 'o-2', 'o-3']) {
      const o = new Order(id);
      o.place(exampleOrderPlaced({ customerId: `c-${id}` }));
      await orders.create(o);
    }
    await orders.execute('o-1', (o) => o.confirm());
    await orders.execute('o-2', (o) => o.confirm());
    await orders.execute('o-1', (o) => o.ship('ups', 'T-1'));
    await store.markDispatched((await records(store)).map((c) => c.commitId));
  });

  it('loads aggregates from their snapshots as before, and appends go on after the archived revisions', async () => {
    const before = await Promise.all(['o-1', 'o-2', 'o-3'].map(async (id) => (await orders.load(id)).state));
    const markers = await archiveUpToSnapshots(store);
    expect(markers.map((m) => [m.stream, m.fromRevision, m.toRevision, m.commits])).toEqual([
      ['order-o-1', 0, 1, 2],
      ['order-o-2', 0, 1, 2],
    ]);
    const after = await Promise.all(['o-1', 'o-2', 'o-3'].map((id) => orders.loadWithStats(id)));
    expect(after.map((a) => a.aggregate.state)).toEqual(before);
    expect(after.map((a) => a.stats)).toEqual([
      { snapshotRevision: 1, replayedEvents: 1 },
      { snapshotRevision: 1, replayedEvents: 0 },
      { snapshotRevision: undefined, replayedEvents: 1 },
    ]);
    // o-2 is archived whole: its revision stays, the next event goes after it, and a second creation fails
    expect(await store.currentRevision('order-o-2')).toBe(1);
    const shipped = await orders.execute('o-2', (o) => o.ship('dhl', 'T-2'));
    expect(shipped.version).toBe(2);
    const again = await failure(
      store.append('order-o-2', [{ type: 'order.confirmed', data: { orderId: 'o-2' } }], {
        expectedRevision: 'noStream',
      }),
    );
    expect(isWrongExpectedRevisionError(again)).toBe(true);
  });

  it('readStream throws HistoryArchivedError from an archived revision, and reads after it', async () => {
    await archiveUpToSnapshots(store);
    for (const from of [undefined, 0, 1]) {
      const err = await failure(store.readStream('order-o-1', { from }));
      expect(isHistoryArchivedError(err)).toBe(true);
      expect(err).toMatchObject({
        code: 'SWITCHYARD_HISTORY_ARCHIVED',
        stream: 'order-o-1',
        archivedFrom: 0,
        archivedUpTo: 1,
        file: FILE,
      });
    }
    expect((await store.readStream('order-o-1', { from: 2 })).map((e) => e.type)).toEqual(['order.shipped']);
    expect((await store.readStream('order-o-2', { from: 2 })).map((e) => e.type)).toEqual([]);
    // Backwards: the page stops short of the archive only when it is full
    expect(
      (await store.readStream('order-o-1', { direction: 'backwards', limit: 1 })).map((e) => e.revision),
    ).toEqual([2]);
    const err = await failure(store.readStream('order-o-1', { direction: 'backwards', limit: 2 }));
    expect(isHistoryArchivedError(err)).toBe(true);
  });

  it('readAll throws at an archived position unless asked to skip, and then reads the rest in order', async () => {
    const all = await records(store);
    const markers = await archiveUpToSnapshots(store);
    const archived = new Set(
      all
        .filter((c) => markers.some((m) => m.stream === c.stream && c.lastRevision <= m.toRevision))
        .map((c) => c.position),
    );
    expect([...archived]).toEqual([1, 2, 4, 5]);

    const err = await failure(store.readAll());
    expect(isHistoryArchivedError(err)).toBe(true);
    expect(err).toMatchObject({ position: 1, stream: 'order-o-1' });

    const skipped = await store.readAll({ archived: 'skip' });
    expect(skipped.commits.map((c) => [c.position, c.stream, c.revision])).toEqual([
      [3, 'order-o-3', 0],
      [6, 'order-o-1', 2],
    ]);
    expect(skipped).toMatchObject({ nextPosition: 7, isEnd: true, archivedSkipped: 4 });
    // A reader whose checkpoint is past the archive sees nothing of it
    expect((await store.readAll({ fromPosition: 6 })).commits.map((c) => c.position)).toEqual([6]);
    // One that is behind gets the commits up to the archive, then the error at it
    const upTo = await store.readAll({ fromPosition: 3 });
    expect(upTo).toMatchObject({ nextPosition: 4, isEnd: false });
    expect(isHistoryArchivedError(await failure(store.readAll({ fromPosition: 4 })))).toBe(true);
  });

  it('keeps sequencing and the outbox going past the holes', async () => {
    const lazy = getInMemoryEventStore(exampleEventRegistry(), { sequenceOnAppend: false });
    const repo = new AggregateRepository(lazy, {
      create: (id) => new Order(id),
      snapshots: { every: 2, schemaVersion: 1 },
    });
    const o = new Order('o-9');
    o.place(exampleOrderPlaced());
    await repo.create(o);
    await repo.execute('o-9', (x) => x.confirm());
    await lazy.sequence();
    await lazy.markDispatched((await records(lazy)).map((c) => c.commitId));
    await archiveUpToSnapshots(lazy);
    await repo.execute('o-9', (x) => x.ship('ups', 'T-9'));
    expect((await lazy.readUndispatched()).map((c) => c.position)).toEqual([]);
    expect(await lazy.sequence()).toMatchObject({ sequenced: 1, complete: true });
    expect((await lazy.readUndispatched()).map((c) => [c.position, c.revision])).toEqual([[3, 2]]);
    expect((await lazy.readAll({ archived: 'skip' })).commits.map((c) => c.position)).toEqual([3]);
  });

  it('restores byte for byte: the export after equals the export before, and a second restore changes nothing', async () => {
    const before = await exported(store);
    const original = await records(store);
    const markers = await archiveUpToSnapshots(store);
    expect(await exported(store).catch((e: unknown) => e)).toBeInstanceOf(Error);

    const check = await store.restoreCommits(original, { dryRun: true });
    expect(check).toMatchObject({ inserted: 2, present: 2 });
    expect(check.markers.map((m) => m.commitId).sort()).toEqual(markers.map((m) => m.commitId).sort());
    expect(await exported(store).catch((e: unknown) => e)).toBeInstanceOf(Error); // a dry run writes nothing

    // The markers stay until the rest of their runs is back
    const first = original.find((c) => c.commitId === markers[0]!.commitId)!;
    expect(isArchiveConflictError(await failure(store.removeArchiveMarker(first)))).toBe(true);
    expect(await store.restoreCommits(original)).toMatchObject({ inserted: 2, present: 2 });
    for (const m of markers) {
      expect(await store.removeArchiveMarker(original.find((c) => c.commitId === m.commitId)!)).toBe(true);
    }
    expect(await exported(store)).toBe(before);
    expect(await store.readArchiveMarkers('order-o-1')).toEqual([]);

    expect(await store.restoreCommits(original)).toMatchObject({ inserted: 0, present: 6, markers: [] });
    expect(await store.removeArchiveMarker(first)).toBe(false);
    expect(await exported(store)).toBe(before);
  });

  it('refuses to archive what the outbox has not published, or a run archived already', async () => {
    const placed = await store.append('order-o-7', [{ type: 'order.confirmed', data: { orderId: 'o-7' } }]);
    const run = (c: StoredCommitRecord) => ({
      stream: c.stream,
      commits: [{ ...c, events: c.events.length }],
      file: FILE,
      sha256: 'f00d',
    });
    const fresh = (await records(store)).find((c) => c.commitId === placed.commitId)!;
    const undispatched = await failure(store.archiveCommits(run(fresh)));
    expect(isArchiveConflictError(undispatched)).toBe(true);
    expect((undispatched as Error).message).toMatch(/not published yet/);

    const o1 = (await records(store)).find((c) => c.stream === 'order-o-1')!;
    await store.archiveCommits(run(o1));
    const twice = await failure(store.archiveCommits(run(o1)));
    expect(isArchiveConflictError(twice)).toBe(true);
    expect((twice as Error).message).toMatch(/overlap/);
  });
});
