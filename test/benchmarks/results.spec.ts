import { describeTarget, formatTable, meets, Results, toFigure } from '../../benchmarks/support/results';

describe('benchmark results', () => {
  it('an entry carries the value, the baseline, their ratio and whether the target is met', () => {
    const figure = toFigure({
      name: 'append, sequential, vs raw insertOne of the same document',
      value: 3,
      unit: 'ms/op',
      baseline: { name: 'raw insertOne', value: 2 },
      target: { of: 'ratio', op: '<=', limit: 1.2 },
    });
    expect(figure).toEqual({
      name: 'append, sequential, vs raw insertOne of the same document',
      value: 3,
      unit: 'ms/op',
      baseline: 'raw insertOne',
      baselineValue: 2,
      ratio: 1.5,
      target: { of: 'ratio', op: '<=', limit: 1.2 },
      met: false,
    });
    // The shape survives JSON: this is what latest.json holds.
    expect(JSON.parse(JSON.stringify(figure))).toEqual(figure);
  });

  it('met follows the direction: <= for times, >= for throughputs, on the ratio or the value', () => {
    const ratio = (op: '<=' | '>=', limit: number, value: number, baseline: number) =>
      toFigure({
        name: 'f',
        value,
        unit: 'x',
        baseline: { name: 'b', value: baseline },
        target: { of: 'ratio', op, limit },
      }).met;
    expect(ratio('<=', 2, 4, 2)).toBe(true); // exactly at the limit
    expect(ratio('<=', 2, 4.2, 2)).toBe(false);
    expect(ratio('>=', 0.5, 10, 20)).toBe(true);
    expect(ratio('>=', 0.5, 9, 20)).toBe(false);
    const value = (op: '<=' | '>=', limit: number, v: number) =>
      toFigure({ name: 'lag', value: v, unit: 'ms', target: { of: 'value', op, limit } }).met;
    expect(value('<=', 50, 49)).toBe(true);
    expect(value('<=', 50, 51)).toBe(false);
    expect(value('>=', 2.5, 3)).toBe(true);
  });

  it('without a target or without something to compare, met is null', () => {
    expect(toFigure({ name: 'f', value: 1, unit: 'ms' })).toMatchObject({
      baseline: null,
      baselineValue: null,
      ratio: null,
      target: null,
      met: null,
    });
    // a ratio target but no baseline: nothing to compare
    expect(
      toFigure({ name: 'f', value: 1, unit: 'ms', target: { of: 'ratio', op: '<=', limit: 2 } }).met,
    ).toBeNull();
    expect(meets({ of: 'value', op: '<=', limit: 1 }, NaN)).toBeNull();
  });

  it('the reason for a miss is noted only when the target is missed', () => {
    const input = {
      name: 'f',
      unit: 'ms/op',
      baseline: { name: 'b', value: 1 },
      target: { of: 'ratio', op: '<=', limit: 1.2 } as const,
      note: 'context.',
      missedBecause: 'why.',
    };
    expect(toFigure({ ...input, value: 1.1 }).note).toBe('context.');
    expect(toFigure({ ...input, value: 2 }).note).toBe('context. why.');
    expect(toFigure({ ...input, value: 2, note: undefined }).note).toBe('why.');
  });

  it('Results keeps the figures in order; the table shows each with its target and outcome', () => {
    const results = new Results();
    results.add({
      name: 'first',
      value: 2,
      unit: 'ms',
      baseline: { name: 'b', value: 1 },
      target: { of: 'ratio', op: '<=', limit: 1.5 },
    });
    results.add({ name: 'second', value: 30, unit: 'ms', target: { of: 'value', op: '<=', limit: 50 } });
    expect(results.figures.map((f) => f.name)).toEqual(['first', 'second']);
    const table = formatTable(results.figures).split('\n');
    expect(table[0]).toMatch(/^figure\s+value\s+baseline\s+ratio\s+target\s+met$/);
    expect(table.find((l) => l.startsWith('first'))).toMatch(/2\.00 ms\s+1\.00 ms\s+2\.00x\s+≤ 1\.5x\s+NO$/);
    expect(table.find((l) => l.startsWith('second'))).toMatch(/30\.00 ms\s+-\s+-\s+≤ 50 ms\s+yes$/);
    expect(describeTarget(null)).toBe('-');
  });
});
