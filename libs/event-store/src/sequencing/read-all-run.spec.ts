import type { ArchiveMarker } from '../archive/archive.types';
import { isHistoryArchivedError } from '../errors/history-archived.error';
import { readAllRun, type ReadAllPort } from './read-all-run';

const marker: ArchiveMarker = {
  stream: 's',
  commitId: 'c',
  fromRevision: 0,
  toRevision: 9,
  fromPosition: 3,
  toPosition: 40,
  commits: 10,
  events: 10,
  file: '/a/archive.ndjson',
  sha256: 'x',
  archivedAt: new Date(0),
};

/** Positions 1..end: `visible` ones readable, `archived` ones gone to an archive, the rest not visible. */
function port(end: number, archived: ReadonlySet<number>, pending: ReadonlySet<number> = new Set()) {
  const calls = { commitsIn: 0, archivedAt: 0, archivedAmong: 0 };
  const p: ReadAllPort<{ position: number }> = {
    commitsIn: async (from, count) => {
      calls.commitsIn++;
      const out = [];
      for (let q = from; q < from + count && q <= end; q++)
        if (!archived.has(q) && !pending.has(q)) out.push({ position: q });
      return out;
    },
    archivedAt: async (q) => {
      calls.archivedAt++;
      return archived.has(q) ? marker : undefined;
    },
    archivedAmong: async (qs) => {
      calls.archivedAmong++;
      return new Set(qs.filter((q) => archived.has(q)));
    },
  };
  return { port: p, calls };
}

const positions = (r: { commits: { position: number }[] }) => r.commits.map((c) => c.position);

describe('readAllRun: pages over holes, gaps and archived history', () => {
  it('reads a dense run as before, asking about a hole only at the end', async () => {
    const { port: p, calls } = port(5, new Set());
    const r = await readAllRun(p, 1, 10, 'throw');
    expect(positions(r)).toEqual([1, 2, 3, 4, 5]);
    expect(r).toMatchObject({ nextPosition: 6, isEnd: true, archivedSkipped: 0 });
    expect(calls).toEqual({ commitsIn: 1, archivedAt: 1, archivedAmong: 0 });
    const full = await readAllRun(p, 1, 3, 'throw');
    expect(full).toMatchObject({ nextPosition: 4, isEnd: false });
  });

  it('waits at a position not visible yet, in either mode', async () => {
    const { port: p } = port(6, new Set(), new Set([3]));
    for (const mode of ['throw', 'skip'] as const) {
      const r = await readAllRun(p, 1, 10, mode);
      expect(positions(r)).toEqual([1, 2]);
      expect(r).toMatchObject({ nextPosition: 3, isEnd: true });
    }
  });

  it('ends a page before archived history, then throws HistoryArchivedError where it starts', async () => {
    const { port: p } = port(8, new Set([3, 4, 6]));
    const first = await readAllRun(p, 1, 10, 'throw');
    expect(positions(first)).toEqual([1, 2]);
    // Not isEnd: a reader reads again, and is told, instead of polling at the hole for ever
    expect(first).toMatchObject({ nextPosition: 3, isEnd: false });
    const err = await readAllRun(p, 3, 10, 'throw').catch((e: unknown) => e);
    expect(isHistoryArchivedError(err)).toBe(true);
    expect(err).toMatchObject({ position: 3, stream: 's', archivedUpTo: 9, file: '/a/archive.ndjson' });
    expect((err as Error).message).toContain('switchyard events restore /a/archive.ndjson');
  });

  it("steps over archived positions with 'skip', across windows, counting them", async () => {
    const archived = new Set(Array.from({ length: 25 }, (_, i) => i + 3)); // 3..27
    archived.add(30);
    const { port: p } = port(33, archived, new Set([33]));
    const r = await readAllRun(p, 1, 4, 'skip');
    // 1, 2, then 28, 29 (window after window), the page full at 4 commits
    expect(positions(r)).toEqual([1, 2, 28, 29]);
    expect(r).toMatchObject({ nextPosition: 30, isEnd: false, archivedSkipped: 25 });
    const next = await readAllRun(p, r.nextPosition, 4, 'skip');
    // 30 skipped, 31, 32, then 33 is not visible yet: the page ends there
    expect(positions(next)).toEqual([31, 32]);
    expect(next).toMatchObject({ nextPosition: 33, isEnd: true, archivedSkipped: 1 });
  });
});
