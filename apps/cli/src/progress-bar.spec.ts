import { PassThrough } from 'node:stream';
import { ProgressBar } from './progress-bar';

describe('ProgressBar', () => {
  let out: PassThrough;
  let written: string;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    out = new PassThrough();
    written = '';
    out.on('data', (chunk: Buffer) => (written += chunk.toString()));
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows nothing for a run shorter than a second', () => {
    const bar = new ProgressBar('rebuild order-summary', 'events', out);
    bar.update({ value: 10, total: 100, rate: 500 });
    bar.done();
    expect(written).toBe('');
  });

  it('draws the bar, done/total, the rate and an ETA once the total is known', () => {
    const bar = new ProgressBar('rebuild order-summary', 'events', out);
    jest.advanceTimersByTime(1_500);
    bar.update({ value: 1_000, total: 4_000, rate: 2_500, detail: 'v2' });
    jest.advanceTimersByTime(500);
    bar.update({ value: 2_000, total: 4_000, rate: 2_500, detail: 'v2' });
    bar.done();
    const last = written.trim().split('\n').pop()!;
    expect(last).toContain('rebuild order-summary [############------------] 50% | 2,000/4,000');
    expect(last).toContain('2,500 events/s');
    expect(last).toMatch(/ETA \d+s/);
    expect(last).toContain('v2');
  });

  it('counts without a bar when the total is unknown', () => {
    const bar = new ProgressBar('export', 'events', out);
    jest.advanceTimersByTime(1_500);
    bar.update({ value: 12_345, rate: 6_000, detail: 'next position 801' });
    bar.done();
    const last = written.trim().split('\n').pop()!;
    expect(last).toBe('export 12,345 events | 6,000 events/s next position 801');
  });
});
