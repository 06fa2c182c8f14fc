import { Batcher } from './batcher';

describe('Batcher', () => {
  it('serves an idle caller at once and gathers the calls made while a batch runs into the next one', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new Batcher<number, number>(async (xs) => {
      batches.push([...xs]);
      if (batches.length === 1) await gate;
      return xs.map((x) => x * 10);
    });
    // Given a first call, running
    const first = b.call(1);
    await Promise.resolve();
    // When three more arrive while it runs
    const rest = [b.call(2), b.call(3), b.call(4)];
    release();
    // Then each caller gets its own answer, from two batches: [1] and [2, 3, 4]
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails only the callers of the batch that failed, and keeps serving later calls', async () => {
    let calls = 0;
    const b = new Batcher<string, string>(async (xs) => {
      if (++calls === 1) throw new Error('database away');
      return xs.map((x) => x.toUpperCase());
    });
    await expect(Promise.all([b.call('a'), b.call('b')])).rejects.toThrow('database away');
    expect(await b.call('c')).toBe('C');
  });

  it('never gives a batch more than maxBatch inputs', async () => {
    const sizes: number[] = [];
    const b = new Batcher<number, number>(
      async (xs) => {
        sizes.push(xs.length);
        return [...xs];
      },
      { maxBatch: 3 },
    );
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((x) => b.call(x)))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(7);
  });
});

describe('Batcher under load', () => {
  const microtasks = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('lingers only when a batch ended moments ago: an idle call starts at once', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(
      async (xs) => {
        batches.push([...xs]);
        return [...xs];
      },
      { lingerMs: 20, busyGapMs: 60_000 },
    );
    // Given an idle batcher, a call starts its batch within the tick's microtasks
    const first = b.call(1);
    await microtasks();
    expect(batches).toEqual([[1]]);
    await first;
    // When calls come right after a batch ended (load)
    const next = [b.call(2), b.call(3)];
    await microtasks();
    // Then the next batch waits for more, and takes them together
    expect(batches).toEqual([[1]]);
    expect(await Promise.all(next)).toEqual([2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });
});
