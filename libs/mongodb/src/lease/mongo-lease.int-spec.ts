import { useTestDatabase, type TestDatabase } from '@switchyard/testing';
import { MongoLease, type MongoLeaseOptions } from './mongo-lease';

const t = useTestDatabase('mongo_lease');

const lease = (db: TestDatabase['db'], options: Omit<MongoLeaseOptions, 'collection'>) =>
  new MongoLease(db, { collection: 'leases', ...options });

describe('MongoLease on the real database', () => {
  it('lets exactly one of ten racing relays take a free lease', async () => {
    // Given ten relays racing for the same lease
    const relays = Array.from({ length: 10 }, (_, i) =>
      lease(t.db, { holder: `r${i}`, lease: 'race', ttlMs: 5000 }),
    );
    await relays[0]!.ensureIndexes();

    // When they all try at once
    const won = await Promise.all(relays.map((r) => r.tryAcquire()));

    // Then exactly one holds it, and it keeps it on renewal while the others still can't take it
    expect(won.filter(Boolean)).toHaveLength(1);
    const holder = relays[won.indexOf(true)]!;
    expect(await holder.tryAcquire()).toBe(true);
    expect(await Promise.all(relays.filter((r) => r !== holder).map((r) => r.tryAcquire()))).not.toContain(
      true,
    );
  });

  it("hands a crashed holder's lease to a follower once it expires, and the old holder finds out", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const a = lease(t.db, { holder: 'a', lease: 'expiry', ttlMs: 1000, now: clock });
    const b = lease(t.db, { holder: 'b', lease: 'expiry', ttlMs: 1000, now: clock });
    expect(await a.tryAcquire()).toBe(true);

    // While a's lease is fresh, b cannot take it
    now += 900;
    expect(await b.tryAcquire()).toBe(false);

    // When a stops renewing (a crash) and the TTL passes, b takes a newer term
    now += 200;
    expect(await b.tryAcquire()).toBe(true);
    expect(b.term).toBe((a.term ?? 0) + 1);

    // And a, waking up, learns it lost the lease instead of publishing on
    expect(await a.tryAcquire()).toBe(false);
    expect(a.term).toBeUndefined();
  });

  it('gives the lease to a follower at once when the holder releases it', async () => {
    const a = lease(t.db, { holder: 'a', lease: 'release', ttlMs: 60_000 });
    const b = lease(t.db, { holder: 'b', lease: 'release', ttlMs: 60_000 });
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    await a.release();
    expect(await b.tryAcquire()).toBe(true);
  });
});
