import { TokenBucket } from './token-bucket';

/** A clock the test moves by hand; sleeps resolve when the clock passes their end. */
function manualClock() {
  let now = 0;
  const sleepers: { until: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  return {
    now: () => now,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const entry = { until: now + ms, resolve, reject };
        sleepers.push(entry);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    advance: async (ms: number) => {
      now += ms;
      for (const s of sleepers.filter((s) => s.until <= now)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.resolve();
      }
      await new Promise((r) => setImmediate(r));
    },
    sleeping: () => sleepers.map((s) => s.until - now),
  };
}

describe('TokenBucket', () => {
  it('lets a burst through at once, then one token per 1/rate seconds, in arrival order', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2, now: clock.now, sleep: clock.sleep });
    const done: number[] = [];
    const takes = [1, 2, 3, 4].map((i) => bucket.take().then(() => done.push(i)));
    await clock.advance(0);
    expect(done).toEqual([1, 2]); // the burst
    expect(clock.sleeping()).toEqual([100, 200]); // the third waits one token, the fourth two
    await clock.advance(100);
    expect(done).toEqual([1, 2, 3]);
    await clock.advance(100);
    expect(done).toEqual([1, 2, 3, 4]);
    await Promise.all(takes);
  });

  it('never fails the excess, it waits: 25 takes at 50/s with a burst of 5 need 400 ms', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 5, now: clock.now, sleep: clock.sleep });
    let done = 0;
    const takes = Array.from({ length: 25 }, () => bucket.take().then(() => done++));
    await clock.advance(0);
    expect(done).toBe(5);
    await clock.advance(399);
    expect(done).toBe(24);
    await clock.advance(1);
    expect(done).toBe(25);
    await Promise.all(takes);
  });

  it('refills while idle, up to the burst only', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 4, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 4; i++) await bucket.take();
    expect(bucket.available()).toBe(0);
    await clock.advance(500);
    expect(bucket.available()).toBe(2);
    await clock.advance(60_000);
    expect(bucket.available()).toBe(4);
  });

  it('an aborted wait rejects with the reason and gives its token back', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, now: clock.now, sleep: clock.sleep });
    await bucket.take();
    const abort = new AbortController();
    const waiting = bucket.take(abort.signal);
    expect(bucket.available()).toBe(-1);
    abort.abort(new Error('visibility timeout'));
    await expect(waiting).rejects.toThrow('visibility timeout');
    expect(bucket.available()).toBe(0);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});
