import { CommitRetries } from './commit-retries';

describe('CommitRetries', () => {
  const policy = { parkAfterAttempts: 4, backoffMs: 100, maxBackoffMs: 250 };

  it('pauses a refused commit for a doubling, capped time, and parks it at the bound', () => {
    const r = new CommitRetries(policy);
    expect(r.refused('c1', 0, 1_000)).toEqual({ decision: 'retry', attempts: 1 });
    expect(r.waiting('c1', 1_099)).toBe(true);
    expect(r.waiting('c1', 1_100)).toBe(false);
    r.refused('c1', 0, 2_000);
    expect(r.waiting('c1', 2_199)).toBe(true);
    expect(r.waiting('c1', 2_200)).toBe(false);
    r.refused('c1', 0, 3_000); // 400 ms capped to 250
    expect(r.waiting('c1', 3_250)).toBe(false);
    expect(r.refused('c1', 0, 4_000)).toEqual({ decision: 'park', attempts: 4 });
    // a parked (then unparked) commit starts from scratch
    expect(r.waiting('c1', 4_000)).toBe(false);
    expect(r.refused('c1', 0, 5_000).attempts).toBe(1);
  });

  it('counts transient failures towards nothing, but remembers how far the commit got', () => {
    const r = new CommitRetries(policy);
    for (let i = 0; i < 10; i++) r.failed('c1', 2);
    expect(r.waiting('c1')).toBe(false);
    expect(r.confirmedEvents('c1')).toBe(2);
    expect(r.refused('c1', 2).attempts).toBe(1);
    r.forget('c1');
    expect(r.confirmedEvents('c1')).toBe(0);
  });
});
