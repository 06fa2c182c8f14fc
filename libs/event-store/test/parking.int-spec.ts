import { sequenceAll, useTestDatabase } from '@switchyard/testing';
import { getMongoEventStore, type EventStore } from '@switchyard/event-store';
import { testRegistry } from './test-contracts';

const inc = (by: number) => ({ type: 'counter.incremented', data: { by } });
const REFUSAL = {
  reason: 'PublishRejectedError: no exchange',
  replyCode: 404,
  replyText: "NOT_FOUND - no exchange 'x.events' in vhost '/'",
  attempts: 3,
};

const database = useTestDatabase('es_parking', { per: 'test' });

describe('event store: parking commits for the outbox (real DB)', () => {
  let store: EventStore;

  beforeEach(async () => {
    store = getMongoEventStore(database.db, testRegistry());
  });

  it('records the reason on the commit, lists it, and leaves it undispatched until unparked', async () => {
    // Given two streams, one commit of s-1 parked
    const first = await store.append('s-1', [inc(1)]);
    await store.append('s-2', [inc(2)]);
    const second = await store.append('s-1', [inc(3), inc(4)]);
    await sequenceAll(store);
    const before = Date.now();
    await store.parkCommit(second.commitId, REFUSAL);

    // Then it is listed with its stream, revisions and the broker's words
    const parked = await store.readParked();
    expect(parked).toEqual([
      {
        commitId: second.commitId,
        stream: 's-1',
        revision: 1,
        lastRevision: 2,
        position: await store.waitForPosition(second),
        committedAt: second.committedAt,
        parking: { ...REFUSAL, parkedAt: expect.any(Date) },
      },
    ]);
    expect(parked[0]!.parking.parkedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // And it is still undispatched, read with its parking so a relay can hold its stream back
    expect(await store.countUndispatched()).toBe(3);
    const undispatched = await store.readUndispatched();
    expect(undispatched.map((c) => [c.commitId, c.parked?.replyCode])).toEqual([
      [first.commitId, undefined],
      [expect.any(String), undefined],
      [second.commitId, 404],
    ]);

    // When it is unparked, it is an ordinary undispatched commit again; a second unpark finds nothing
    expect(await store.unparkCommit(second.commitId)).toBe(true);
    expect(await store.unparkCommit(second.commitId)).toBe(false);
    expect(await store.readParked()).toEqual([]);
    const again = await store.readUndispatched();
    expect(again.find((c) => c.commitId === second.commitId)).not.toHaveProperty('parked');
  });

  it('leaves commits without a position out of undispatched reads until they are sequenced', async () => {
    const a = await store.append('s-a', [inc(1)]);
    expect(await store.readUndispatched()).toEqual([]);
    expect(await store.countUndispatched()).toBe(1);
    await sequenceAll(store);
    expect((await store.readUndispatched()).map((c) => [c.commitId, c.position])).toEqual([[a.commitId, 1]]);
  });

  it('reads undispatched commits without the excluded streams, and unparks all at once', async () => {
    const a = await store.append('s-a', [inc(1)]);
    const b = await store.append('s-b', [inc(1)]);
    const c = await store.append('s-c', [inc(1)]);
    await sequenceAll(store);
    expect((await store.readUndispatched({ excludeStreams: ['s-b'] })).map((x) => x.commitId)).toEqual([
      a.commitId,
      c.commitId,
    ]);

    await store.parkCommit(a.commitId, REFUSAL);
    await store.parkCommit(c.commitId, { reason: 'too large', replyCode: 406, attempts: 1 });
    expect((await store.readParked()).map((p) => p.commitId)).toEqual([a.commitId, c.commitId]);
    expect(await store.unparkAll()).toBe(2);
    expect(await store.readParked()).toEqual([]);
    expect(await store.unparkCommit(b.commitId)).toBe(false);
  });

  it('does not park a commit already dispatched', async () => {
    const a = await store.append('s-a', [inc(1)]);
    await sequenceAll(store);
    await store.markDispatched([a.commitId]);
    await store.parkCommit(a.commitId, REFUSAL);
    expect(await store.readParked()).toEqual([]);
  });
});
