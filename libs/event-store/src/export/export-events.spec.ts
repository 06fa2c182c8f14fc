import { EventContract, EventRegistry } from '@switchyard/contracts';
import { IsInt, IsObject } from 'class-validator';
import { isHistoryArchivedError } from '../errors/history-archived.error';
import type { EventStore } from '../event-store';
import { getInMemoryEventStore } from '../memory/in-memory-event-store';
import { exportEvents, type ExportEventsOptions } from './export-events';
import { decodeExportLine } from './export-line';

@EventContract({ type: 'probe.a', version: 1, domain: 'test' })
class ProbeA {
  @IsInt()
  n!: number;
}

@EventContract({ type: 'probe.b', version: 1, domain: 'test' })
class ProbeB {
  @IsObject()
  payload!: Record<string, unknown>;
}

const registry = () => new EventRegistry().register(ProbeA, ProbeB);

async function exported(store: EventStore, options: ExportEventsOptions = {}) {
  let text = '';
  const result = await exportEvents(store, (chunk) => void (text += chunk), options);
  return { text, lines: text.split('\n').filter(Boolean), result };
}

describe('exportEvents: NDJSON in global order, resumable by commit position', () => {
  let store: EventStore;

  /** 12 commits over 3 streams, every third one of two events. */
  beforeEach(async () => {
    store = getInMemoryEventStore(registry());
    for (let i = 1; i <= 12; i++) {
      const events = [{ type: 'probe.a', data: { n: i } }];
      if (i % 3 === 0) events.push({ type: 'probe.b', data: { payload: { 'a.b': i, $k: [i] } } } as never);
      await store.append(`s-${i % 3}`, events);
    }
  });

  it('writes every stored event once, in (position, indexInCommit) order, as readAll sees them', async () => {
    const { lines, result } = await exported(store, { pageSize: 5 });
    const read = (await store.readAll()).events;
    expect(lines).toHaveLength(16);
    expect(
      lines.map((l) => {
        const d = decodeExportLine(l);
        if ('error' in d) throw new Error(d.error);
        const e = d.event;
        return [e.position, e.indexInCommit, e.stream, e.revision, e.type, e.eventId, JSON.parse(e.data)];
      }),
    ).toEqual(
      read.map((e) => [e.position, e.indexInCommit, e.stream, e.revision, e.type, e.eventId, e.data]),
    );
    expect(result).toMatchObject({
      events: 16,
      commits: 12,
      lastPosition: 12,
      nextPosition: 13,
      stopped: false,
    });
  });

  it('resumes exactly from the last printed position + 1, whole commits at a time', async () => {
    const whole = (await exported(store)).text;
    for (const cut of [1, 3, 6, 11]) {
      const head = await exported(store, { to: cut, pageSize: 2 });
      const lastLine = JSON.parse(head.lines.at(-1)!) as { position: number };
      expect(lastLine.position).toBe(cut);
      expect(head.result.nextPosition).toBe(cut + 1);
      const tail = await exported(store, { from: lastLine.position + 1, pageSize: 4 });
      expect(head.text + tail.text).toBe(whole);
    }
  });

  it('stops on a commit boundary when its signal is aborted, and says where to go on', async () => {
    const whole = (await exported(store)).text;
    const stop = new AbortController();
    let text = '';
    const result = await exportEvents(store, (chunk) => void (text += chunk), {
      pageSize: 5,
      signal: stop.signal,
      onProgress: () => stop.abort(),
    });
    expect(result).toMatchObject({ commits: 5, nextPosition: 6, stopped: true });
    expect(text + (await exported(store, { from: result.nextPosition })).text).toBe(whole);
  });

  it('keeps only the types asked for', async () => {
    const { lines, result } = await exported(store, { types: ['probe.b'] });
    expect(lines.map((l) => (JSON.parse(l) as { position: number; type: string }).position)).toEqual([
      3, 6, 9, 12,
    ]);
    expect(lines.every((l) => l.includes('"type":"probe.b"'))).toBe(true);
    expect(result).toMatchObject({ events: 4, commits: 12, nextPosition: 13 });
  });

  it('stops at archived history with HistoryArchivedError, or skips it when asked', async () => {
    await store.markDispatched((await store.readAll()).commits.map((c) => c.commitId));
    const s1 = (await store.readAll()).commits.filter((c) => c.stream === 's-1').slice(0, 2);
    await store.saveSnapshot({ stream: 's-1', revision: 1, schemaVersion: 1, state: {} });
    await store.archiveCommits({
      stream: 's-1',
      commits: s1.map((c) => ({ ...c, events: c.events.length })),
      file: '/a.ndjson',
      sha256: 'x',
    });
    let written = '';
    const err = await exportEvents(store, (c) => void (written += c)).catch((e: unknown) => e);
    expect(isHistoryArchivedError(err)).toBe(true);
    expect(written).toBe('');
    const { lines, result } = await exported(store, { archived: 'skip', pageSize: 3 });
    expect(lines.map((l) => (JSON.parse(l) as { position: number }).position)).not.toContain(1);
    expect(result).toMatchObject({ commits: 10, archivedSkipped: 2, nextPosition: 13 });
  });
});
