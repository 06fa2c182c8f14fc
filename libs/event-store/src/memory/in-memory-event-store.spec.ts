import { randomUUID } from 'node:crypto';
import { EventContract, EventRegistry, isInvalidEventError } from '@switchyard/contracts';
import { IsInt, Min } from 'class-validator';
import { isEventIdConflictError } from '../errors/event-id-conflict.error';
import { isWrongExpectedRevisionError } from '../errors/wrong-expected-revision.error';
import { getInMemoryEventStore } from './in-memory-event-store';

@EventContract({ type: 'tally.added', version: 1, domain: 'test' })
class TallyAdded {
  @IsInt()
  @Min(1)
  n!: number;
}

const registry = () => new EventRegistry().register(TallyAdded);
const add = (n: number, eventId?: string) => ({ type: 'tally.added', data: { n }, eventId });

describe('getInMemoryEventStore: the EventStore contract without I/O', () => {
  it('enforces expected revisions and validates events before storing anything', async () => {
    const store = getInMemoryEventStore(registry());
    await store.append('t-1', [add(1)], { expectedRevision: 'noStream' });
    const stale = await store
      .append('t-1', [add(2)], { expectedRevision: 'noStream' })
      .catch((e: unknown) => e);
    expect(isWrongExpectedRevisionError(stale)).toBe(true);
    expect(stale).toMatchObject({ expectedRevision: 'noStream', actualRevision: 0 });
    const invalid = await store.append('t-1', [add(0)]).catch((e: unknown) => e);
    expect(isInvalidEventError(invalid)).toBe(true);
    expect(await store.currentRevision('t-1')).toBe(0);
  });

  it('answers a retried append with the original result and refuses an event id reused elsewhere', async () => {
    const store = getInMemoryEventStore(registry());
    const id = randomUUID();
    const first = await store.append('t-2', [add(1, id)]);
    expect(await store.append('t-2', [add(1, id)])).toEqual(first);
    const reused = await store.append('t-3', [add(1, id)]).catch((e: unknown) => e);
    expect(isEventIdConflictError(reused)).toBe(true);
    expect((await store.readStream('t-2')).map((e) => e.revision)).toEqual([0]);
  });

  it('reads streams forwards, backwards and from a revision, and read-all in pages by position', async () => {
    const store = getInMemoryEventStore(registry());
    for (let i = 1; i <= 3; i++) await store.append('a', [add(i), add(i + 10)]);
    await store.append('b', [add(99)]);
    expect((await store.readStream('a', { from: 3 })).map((e) => e.data)).toEqual([
      { n: 12 },
      { n: 3 },
      { n: 13 },
    ]);
    expect(
      (await store.readStream('a', { direction: 'backwards', limit: 2 })).map((e) => e.revision),
    ).toEqual([5, 4]);
    const page = await store.readAll({ limit: 3 });
    expect(page.commits.map((c) => [c.stream, c.position])).toEqual([
      ['a', 1],
      ['a', 2],
      ['a', 3],
    ]);
    const rest = await store.readAll({ fromPosition: page.nextPosition });
    expect(rest).toMatchObject({ isEnd: true, nextPosition: 5 });
    expect(rest.events.map((e) => e.stream)).toEqual(['b']);
  });

  it('without sequenceOnAppend, commits wait for sequence(), and a hand-off marks what it published', async () => {
    const store = getInMemoryEventStore(registry(), { sequenceOnAppend: false });
    const appended = await store.append('c', [add(1)]);
    expect((await store.readAll()).commits).toEqual([]);
    const result = await store.sequence({ handOff: async (commits) => commits.map((c) => c.commitId) });
    expect(result).toEqual({ sequenced: 1, complete: true, handedOff: 1 });
    expect(await store.waitForPosition(appended)).toBe(1);
    expect(await store.countUndispatched()).toBe(0);
  });

  it("keeps the latest snapshot per schema version, and a copy, not the caller's object", async () => {
    const store = getInMemoryEventStore(registry());
    const state = { total: 3 };
    await store.saveSnapshot({ stream: 's', revision: 2, schemaVersion: 1, state });
    await store.saveSnapshot({ stream: 's', revision: 5, schemaVersion: 1, state: { total: 9 } });
    await store.saveSnapshot({ stream: 's', revision: 7, schemaVersion: 2, state: { sum: 1 } });
    state.total = 100;
    expect(await store.readLatestSnapshot('s', { schemaVersion: 1 })).toMatchObject({
      revision: 5,
      state: { total: 9 },
    });
    expect(await store.readLatestSnapshot('s')).toMatchObject({ revision: 7 });
  });
});
