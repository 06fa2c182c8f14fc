import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sequenceAll, useTestDatabase } from '@switchyard/testing';
import {
  AggregateRepository,
  archiveEvents,
  exportEvents,
  getMongoEventStore,
  isArchiveFileError,
  isHistoryArchivedError,
  restoreArchive,
  type EventStore,
} from '@switchyard/event-store';
import { exampleOrderPlaced, Order } from '@switchyard/examples';
import { ArchivedPositions } from '../src/mongo/archived-positions';
import { MongoSequencerStore } from '../src/mongo/mongo-sequencer-store';
import { testRegistry } from './test-contracts';

const AWKWARD = {
  'a.b': { 'c.d.e': 1 },
  $set: { $inc: 2 },
  '': 'empty key',
  unicode: 'zażółć 🚀 \u0000 \u2028 "q" \\',
  big: '123456789012345678901234567890',
  floats: [0.1, 1e300, -5e-324],
  order: { z: 1, a: 2 },
};

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

/**
 * Archive and restore on the real database: 6 orders (4 placed, confirmed and shipped, snapshot at
 * revision 1; 2 only placed), a blob stream with awkward payloads and a snapshot, interleaved.
 */
const database = useTestDatabase('es_archive', { per: 'test' });

describe('event store: export, archive and restore (real DB)', () => {
  let store: EventStore;
  let orders: AggregateRepository<Order>;
  let dir: string;

  const exportAll = async (s: EventStore = store, archived: 'throw' | 'skip' = 'throw') => {
    let text = '';
    await exportEvents(s, (chunk) => void (text += chunk), { archived, pageSize: 7 });
    return text;
  };
  const states = () =>
    Promise.all(['o-1', 'o-2', 'o-3', 'o-4', 'o-5', 'o-6'].map(async (id) => (await orders.load(id)).state));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sy-archive-'));
    store = getMongoEventStore(database.db, testRegistry());
    orders = new AggregateRepository(store, {
      create: (id) => new Order(id),
      snapshots: { every: 2, schemaVersion: 1 },
    });
    for (const id of ['o-1', 'o-2', 'o-3', 'o-4', 'o-5', 'o-6']) {
      const o = new Order(id);
      o.place(exampleOrderPlaced({ customerId: `c-${id}` }));
      await orders.create(o);
    }
    await store.append('blob-1', [
      { type: 'blob.stored', data: { label: 'one', payload: AWKWARD } },
      { type: 'blob.stored', data: { label: 'two', payload: { n: '1e400' } } },
    ]);
    for (const id of ['o-1', 'o-2', 'o-3', 'o-4']) await orders.execute(id, (o) => o.confirm());
    await store.saveSnapshot({ stream: 'blob-1', revision: 1, schemaVersion: 1, state: { seen: 2 } });
    await sequenceAll(store);
    for (const id of ['o-1', 'o-2', 'o-3', 'o-4']) await orders.execute(id, (o) => o.ship('ups', `T-${id}`));
    await sequenceAll(store);
    const all = await store.readAll({ limit: 1_000 });
    await store.markDispatched(all.commits.map((c) => c.commitId));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('archives up to the snapshots, keeps aggregates loading, says where history went, and restores byte for byte', async () => {
    const before = await exportAll();
    const stateBefore = await states();
    const file = join(dir, 'orders.ndjson');

    // When everything old enough is archived
    const result = await archiveEvents(store, { before: { position: 1_000 }, file });

    // Then the two first events of each shipped order and the blob's two events went to the file
    expect(result).toMatchObject({ file, streams: 5, commits: 9, events: 10, scanned: 15 });
    expect(result.markers.map((m) => [m.stream, m.fromRevision, m.toRevision]).sort()).toEqual([
      ['blob-1', 0, 1],
      ['order-o-1', 0, 1],
      ['order-o-2', 0, 1],
      ['order-o-3', 0, 1],
      ['order-o-4', 0, 1],
    ]);
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(10);
    // The file is the export of exactly those events, in the same global order, byte for byte
    const archivedLines = before.split('\n').filter((l) => lines.includes(l));
    expect(lines).toEqual(archivedLines);
    expect(await database.db.collection('commits').countDocuments({ archived: true })).toBe(5);

    // Aggregates load from their snapshots into the same state
    expect(await states()).toEqual(stateBefore);
    const { stats } = await orders.loadWithStats('o-1');
    expect(stats).toEqual({ snapshotRevision: 1, replayedEvents: 1 });

    // readStream from an archived revision is told where the history went; after it reads on
    const fromStart = await failure(store.readStream('order-o-2'));
    expect(isHistoryArchivedError(fromStart)).toBe(true);
    expect(fromStart).toMatchObject({ stream: 'order-o-2', archivedUpTo: 1, file });
    expect((await store.readStream('order-o-2', { from: 2 })).map((e) => e.type)).toEqual(['order.shipped']);
    expect(await store.readStream('blob-1', { from: 2 })).toEqual([]);

    // readAll over the archive throws unless it skips; skipping reads what is left, in order
    const atStart = await failure(store.readAll());
    expect(isHistoryArchivedError(atStart)).toBe(true);
    expect(atStart).toMatchObject({ position: 1, stream: 'order-o-1' });
    const left = await store.readAll({ archived: 'skip', limit: 5 });
    const rest = await store.readAll({ archived: 'skip', fromPosition: left.nextPosition });
    expect([...left.commits, ...rest.commits].map((c) => [c.stream, c.revision])).toEqual([
      ['order-o-5', 0],
      ['order-o-6', 0],
      ['order-o-1', 2],
      ['order-o-2', 2],
      ['order-o-3', 2],
      ['order-o-4', 2],
    ]);
    expect((left.archivedSkipped ?? 0) + (rest.archivedSkipped ?? 0)).toBe(9);
    expect(rest.isEnd).toBe(true);

    // Appends go on: a new event after the snapshot, and the archived revisions are never reused
    await orders.execute('o-5', (o) => o.confirm());
    const appended = await store
      .append('order-o-1', [{ type: 'order.cancelled', data: { orderId: 'o-1', reason: 'x' } }], {
        expectedRevision: 2,
      })
      .catch((e: unknown) => e);
    expect(appended).toMatchObject({ firstRevision: 3 });

    // Restore puts it all back: the export equals the one before plus the new commits, markers gone
    const restored = await restoreArchive(store, file);
    expect(restored).toMatchObject({ commits: 9, events: 10, restored: 9, present: 0, markersRemoved: 5 });
    expect(await database.db.collection('commits').countDocuments({ archived: true })).toBe(0);
    await sequenceAll(store);
    const after = await exportAll();
    expect(after.startsWith(before)).toBe(true);
    expect(after.split('\n').filter(Boolean)).toHaveLength(before.split('\n').filter(Boolean).length + 2);
    expect((await store.readStream('blob-1'))[0]!.data).toEqual({ label: 'one', payload: AWKWARD });

    // A second restore of the same file changes nothing
    expect(await restoreArchive(store, file)).toMatchObject({ restored: 0, present: 9, markersRemoved: 0 });
    expect(await exportAll()).toBe(after);
  });

  it('restores an untouched store to the very same export', async () => {
    const before = await exportAll();
    const file = join(dir, 'all.ndjson');
    await archiveEvents(store, { before: { position: 1_000 }, file });
    expect(await exportAll(store, 'skip')).not.toBe(before);
    await restoreArchive(store, file);
    expect(await exportAll()).toBe(before);
  });

  it('takes only matching streams, before the cut-off, and the published prefix of each; several runs per stream', async () => {
    // o-3's last commit is not published: its run ends before it, whatever its snapshot says
    await store.append('order-o-3', [{ type: 'order.cancelled', data: { orderId: 'o-3', reason: 'late' } }]);
    await sequenceAll(store);
    await store.saveSnapshot({ stream: 'order-o-3', revision: 3, schemaVersion: 1, state: {} });
    const before = await exportAll();

    // A dry run counts and changes nothing
    const dry = await archiveEvents(store, {
      before: { position: 3 },
      file: join(dir, 'first.ndjson'),
      dryRun: true,
    });
    expect(dry).toMatchObject({ dryRun: true, streams: 2, commits: 2, markers: [] });
    await expect(readFile(join(dir, 'first.ndjson'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await exportAll()).toBe(before);

    // A position cut-off: only the commits before position 3 (the placements of o-1 and o-2)
    const first = await archiveEvents(store, { before: { position: 3 }, file: join(dir, 'first.ndjson') });
    expect(first.markers.map((m) => [m.stream, m.fromRevision, m.toRevision])).toEqual([
      ['order-o-1', 0, 0],
      ['order-o-2', 0, 0],
    ]);
    // Only `*` and `?` are wildcards: this pattern names no stream, so nothing is archived and no file is left
    const none = await archiveEvents(store, {
      before: { position: 1_000 },
      streams: 'order-o-[13]',
      file: join(dir, 'none.ndjson'),
    });
    expect(none).toMatchObject({ streams: 0, commits: 0, markers: [] });
    await expect(readFile(join(dir, 'none.ndjson'))).rejects.toMatchObject({ code: 'ENOENT' });

    // A time cut-off and a pattern: the orders' next runs, not the blob
    const second = await archiveEvents(store, {
      before: { time: new Date(Date.now() + 60_000) },
      streams: 'order-o-?',
      file: join(dir, 'second.ndjson'),
    });
    expect(second.markers.map((m) => [m.stream, m.fromRevision, m.toRevision]).sort()).toEqual([
      ['order-o-1', 1, 1],
      ['order-o-2', 1, 1],
      ['order-o-3', 0, 2],
      ['order-o-4', 0, 1],
    ]);
    expect((await store.readArchiveMarkers('order-o-1')).map((m) => m.toRevision)).toEqual([0, 1]);
    expect(await failure(store.readStream('order-o-1', { from: 1 }))).toMatchObject({
      archivedFrom: 1,
      archivedUpTo: 1,
      file: join(dir, 'second.ndjson'),
    });
    expect((await store.readStream('order-o-3', { from: 3 })).map((e) => e.type)).toEqual([
      'order.cancelled',
    ]);
    expect(await store.readStream('blob-1')).toHaveLength(2);

    // Restored in any order, the store is what it was
    await restoreArchive(store, join(dir, 'first.ndjson'));
    expect(isHistoryArchivedError(await failure(store.readStream('order-o-1')))).toBe(true);
    await restoreArchive(store, join(dir, 'second.ndjson'));
    expect(await exportAll()).toBe(before);
  });

  it('never overwrites a file, and removes nothing when it cannot write', async () => {
    const file = join(dir, 'taken.ndjson');
    await writeFile(file, 'precious\n');
    const err = await failure(archiveEvents(store, { before: { position: 1_000 }, file }));
    expect(isArchiveFileError(err)).toBe(true);
    expect((err as Error).message).toMatch(/exists already/);
    expect(await readFile(file, 'utf8')).toBe('precious\n');
    expect(await store.readStream('order-o-1')).toHaveLength(3);
  });

  it('counts archived positions as stamped, so the sequencer never stops at the holes', async () => {
    await archiveEvents(store, { before: { position: 1_000 }, file: join(dir, 'holes.ndjson') });
    const commits = database.db.collection('commits') as never;
    const claims = database.db.collection('commit_positions') as never;
    const sequencerStore = new MongoSequencerStore(
      commits,
      claims,
      { perCommand: 2, lanes: 2 },
      new ArchivedPositions(commits, claims),
    );
    expect(await sequencerStore.isStamped(1)).toBe(true); // archived
    expect(await sequencerStore.isStamped(5)).toBe(true); // there
    expect(await sequencerStore.isStamped(16)).toBe(false); // not claimed
    // A fresh store (its sequencer recovers from scratch) gives the next append the next position
    const fresh = getMongoEventStore(database.db, testRegistry());
    const next = await fresh.append('order-o-6', [{ type: 'order.confirmed', data: { orderId: 'o-6' } }]);
    expect(await fresh.sequence()).toMatchObject({ sequenced: 1, complete: true });
    expect(await fresh.waitForPosition(next)).toBe(16);
    expect((await fresh.readAll({ fromPosition: 15 })).commits.map((c) => c.position)).toEqual([15, 16]);
    const stamped = await database.db.collection('commits').countDocuments({ position: { $gt: 0 } });
    expect(stamped).toBe(16 - 9);
  });
});
