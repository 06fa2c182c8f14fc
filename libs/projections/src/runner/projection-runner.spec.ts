import { getInMemoryEventStore } from '@switchyard/event-store';
import { POISON_KEY, tallyProjection, tallyRegistry } from '../../test/fixtures/tally';
import { TallyKit } from '../../test/fixtures/tally-kit';
import { ProjectionNotPausedError } from '../errors/projection-not-paused.error';
import { skipEvent } from '../status/skip-event';
import { projectionStatus } from '../status/projection-status';
import type { ProjectionEvent } from '../definition/projection-definition';

describe('ProjectionRunner (in memory)', () => {
  it('folds a history into per-key and cross-key documents, and a repeated history changes nothing', async () => {
    const kit = new TallyKit();
    await kit.add('a', 'g1', 5);
    await kit.add('b', 'g1', 7);
    await kit.add('a', 'g1', 1);
    await kit.remove('b', 'g1', 7);
    await kit.add('c', 'g2', 2);

    const end = await kit.runner({ pageSize: 2 }).catchUp();

    expect(end).toMatchObject({ kind: 'progress', position: 5, caughtUp: true });
    expect(await kit.documents()).toEqual({
      'key:a': { total: 6, count: 2 },
      'key:c': { total: 2, count: 1 },
      'group:g1': { total: 6, count: 2 },
      'group:g2': { total: 2, count: 1 },
    });

    // When the last page's checkpoint is lost (a crash after its documents, before its checkpoint: the
    // deletion of key:b in it) and the next process repeats the page, no document is written again
    const written = kit.store.stats.documentsWritten;
    const before = await kit.documents();
    await kit.store.updateCheckpoint(kit.definition, 5, { position: 3 });
    await kit.runner({ pageSize: 3 }).catchUp();
    expect(kit.store.stats.documentsWritten).toBe(written);
    expect(await kit.documents()).toEqual(before);
  });

  it('pauses at an event whose evolve throws, says so, and goes on past it once skipped', async () => {
    const kit = new TallyKit();
    await kit.add('a', 'g', 1);
    const poison = await kit.add(POISON_KEY, 'g', 100);
    await kit.add('b', 'g', 2);
    const runner = kit.runner();

    const paused = await runner.catchUp();

    expect(paused).toMatchObject({
      kind: 'paused',
      paused: { ref: poison.eventIds[0], position: 2, type: 'tally.added', error: 'cannot tally poison' },
    });
    // nothing of the page that holds it is applied; the alert names the event and the way out
    expect(await kit.documents()).toEqual({});
    expect(kit.logger.lines.join('\n')).toContain(
      `PAUSED at event ${poison.eventIds[0]} (position 2, tally.added): cannot tally poison`,
    );
    const [status] = await projectionStatus([kit.definition], kit.store, kit.events);
    expect(status).toMatchObject({ state: 'not-started' }); // no pointer: the daemon was not started
    expect(await runner.catchUp()).toMatchObject({ kind: 'paused' }); // stays paused, never skips silently

    await expect(skipEvent(kit.definition, kit.store, 'some-other-event')).rejects.toThrow(
      ProjectionNotPausedError,
    );
    await kit.store.createPointer(kit.definition);
    const skip = await skipEvent(kit.definition, kit.store, poison.eventIds[0]!);
    expect(skip).toMatchObject({ position: 2, wholeCommit: false, error: 'cannot tally poison' });

    expect(await runner.catchUp()).toMatchObject({ kind: 'progress', position: 3 });
    expect(await kit.documents()).toEqual({
      'key:a': { total: 1, count: 1 },
      'key:b': { total: 2, count: 1 },
      'group:g': { total: 3, count: 2 },
    });
  });

  it('pauses at a commit the store cannot read, and a skip passes that commit only', async () => {
    const kit = new TallyKit();
    for (let i = 1; i <= 6; i++) await kit.add(`k${i}`, 'g', i);
    const corrupt = Object.assign(new Error('stored data is not valid JSON'), {
      name: 'StoredEventCorruptError',
      eventId: 'bad-event',
      commitId: 'bad-commit',
    });
    // The store fails any page holding position 4, as readAll does for a corrupt commit
    const events = {
      readAll: async (o: { fromPosition?: number; limit?: number } = {}) => {
        const from = o.fromPosition ?? 1;
        if (from <= 4 && from + (o.limit ?? 1000) > 4) throw corrupt;
        return kit.events.readAll(o);
      },
    };
    const runner = kit.runner({ events, pageSize: 8, isUnreadable: (e) => e === corrupt });

    const paused = await runner.catchUp();

    expect(paused).toMatchObject({
      kind: 'paused',
      paused: { ref: 'bad-event', commitId: 'bad-commit', position: 4, unreadable: true },
    });
    expect(Object.keys(await kit.documents()).sort()).toEqual(['group:g', 'key:k1', 'key:k2', 'key:k3']);

    await kit.store.createPointer(kit.definition);
    expect(await skipEvent(kit.definition, kit.store, 'bad-commit')).toMatchObject({ wholeCommit: true });
    expect(await runner.catchUp()).toMatchObject({ kind: 'progress', position: 6 });
    expect(await kit.documents()).toMatchObject({ 'group:g': { total: 1 + 2 + 3 + 5 + 6, count: 5 } });
    expect(kit.logger.lines.join('\n')).toContain('skips the unreadable commit at position 4');
  });

  it('fires side effects once per live event past the first catch-up, never for history or a rebuild', async () => {
    const fired: string[] = [];
    const kit = new TallyKit(
      tallyProjection({
        sideEffects: async (e: ProjectionEvent, ctx) => {
          const [doc] = await ctx.readDocuments([`key:${(e.data as { key: string }).key}`]);
          fired.push(`${(e.data as { key: string }).key}=${String(doc?.total)}`);
        },
      }),
    );
    await kit.add('old', 'g', 1);
    const live = kit.runner();
    await live.catchUp(); // history: no side effects
    await kit.add('new', 'g', 2);
    await live.catchUp();
    // a repeated page (the checkpoint lost) claims nothing twice
    await kit.store.updateCheckpoint(kit.definition, 2, { position: 1 });
    await kit.runner({ holder: 'test' }).catchUp();
    await kit.runner({ mode: 'rebuild', version: 2 }).catchUp();

    expect(fired).toEqual(['new=2']);
  });

  it('stands by while another process holds the build, and takes over once it stops', async () => {
    const kit = new TallyKit();
    await kit.add('a', 'g', 1);
    const first = kit.runner({ holder: 'p1' });
    const second = kit.runner({ holder: 'p2', leaseRenewMs: 0 });
    expect(await first.step()).toMatchObject({ kind: 'progress' });
    expect(await second.step()).toEqual({ kind: 'standby' });
    await first.stop();
    expect(await second.step()).toMatchObject({ kind: 'progress', position: 1 });
  });

  it('runs in the background: a wake reads at once, a wake for a position already applied reads nothing', async () => {
    const kit = new TallyKit();
    const runner = kit.runner({ pollIntervalMs: 60_000 });
    runner.start();
    try {
      const deadline = Date.now() + 5_000;
      const until = async (cond: () => Promise<boolean>) => {
        while (!(await cond())) {
          if (Date.now() > deadline) throw new Error('timed out');
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      await until(async () => runner.position === 0);
      await kit.add('a', 'g', 3);
      runner.wake(1);
      await until(async () => runner.position === 1);
      const loads = kit.store.stats.loadCalls;
      runner.wake(1);
      runner.wake(0);
      await new Promise((r) => setImmediate(r));
      expect(kit.store.stats.loadCalls).toBe(loads);
      expect(await kit.documents()).toEqual({
        'key:a': { total: 3, count: 1 },
        'group:g': { total: 3, count: 1 },
      });
    } finally {
      await runner.stop();
    }
  });

  it('a wake for a position the store does not show yet looks again within ms, not at the next poll', async () => {
    // The relay publishes a commit before it stamps its position: the message can beat readAll
    const kit = new TallyKit();
    const events = getInMemoryEventStore(tallyRegistry(), { sequenceOnAppend: false });
    const runner = kit.runner({ events, pollIntervalMs: 60_000 });
    runner.start();
    try {
      await events.append('tally-a', [{ type: 'tally.added', data: { key: 'a', group: 'g', amount: 1 } }]);
      runner.wake(1);
      const until = async (cond: () => boolean) => {
        const deadline = Date.now() + 5_000;
        while (!cond()) {
          if (Date.now() > deadline) throw new Error(`timed out at position ${runner.position}`);
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      await until(() => runner.position === 0);
      await events.sequence();
      await until(() => runner.position === 1);
    } finally {
      await runner.stop();
    }
  });
});
