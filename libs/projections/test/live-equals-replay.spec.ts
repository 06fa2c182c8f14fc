import fc from 'fast-check';
import { isProjectionWriteConflictError, type ProjectionStore } from '@switchyard/projections';
import { foldProjection } from '@switchyard/testing';
import { overrideStore } from './fixtures/override-store';
import { TallyKit } from './fixtures/tally-kit';

class Crash extends Error {}

type CrashPlan = { at: 'documents'; keep: number } | { at: 'checkpoint' };

/** The store, failing once where the plan says: part of a page's documents written, or its checkpoint. */
function crashing(inner: ProjectionStore, plan: { next?: CrashPlan }): ProjectionStore {
  return overrideStore(inner, {
    writeDocuments: async (build, writes) => {
      const crash = plan.next;
      if (crash?.at !== 'documents') return inner.writeDocuments(build, writes);
      plan.next = undefined;
      await inner.writeDocuments(build, writes.slice(0, crash.keep));
      throw new Crash('killed between document writes');
    },
    updateCheckpoint: async (build, expected, update) => {
      if (plan.next?.at !== 'checkpoint') return inner.updateCheckpoint(build, expected, update);
      plan.next = undefined;
      throw new Crash('killed before the checkpoint');
    },
  });
}

const KEYS = ['k0', 'k1', 'k3', 'k4'];
const groupOf = (key: string) => (key < 'k3' ? 'g0' : 'g1');

const commitArb = fc.record({
  key: fc.constantFrom(...KEYS),
  ops: fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant('remove' as const)), {
    minLength: 1,
    maxLength: 3,
  }),
});
const stepArb = fc.record({
  appends: fc.integer({ min: 0, max: 3 }),
  // wake messages for positions around what exists: duplicated, reordered, ahead of the store
  wakes: fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 4 }),
  restart: fc.boolean(),
  crash: fc.option(
    fc.oneof(
      fc.record({ at: fc.constant('documents' as const), keep: fc.integer({ min: 0, max: 4 }) }),
      fc.constant({ at: 'checkpoint' as const }),
    ),
    { nil: undefined },
  ),
});

describe('live equals replay (property)', () => {
  it('gives the clean fold whatever the page sizes, crashes mid-page and wake messages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commitArb, { minLength: 1, maxLength: 25 }),
        fc.array(stepArb, { maxLength: 25 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 50 }),
        // checkpoints stored after every page, or (live) only on deletions and when idle
        fc.constantFrom(0, 1_000_000),
        async (commits, script, pageSize, rebuildPageSize, checkpointIntervalMs) => {
          const kit = new TallyKit();
          const totals = new Map<string, number>();
          let appended = 0;
          const appendNext = async () => {
            const c = commits[appended++];
            if (!c) return;
            const events = c.ops.map((op) => {
              if (op === 'remove') {
                const total = totals.get(c.key) ?? 0;
                totals.delete(c.key);
                return { type: 'tally.removed', data: { key: c.key, group: groupOf(c.key), total } };
              }
              totals.set(c.key, (totals.get(c.key) ?? 0) + op);
              return { type: 'tally.added', data: { key: c.key, group: groupOf(c.key), amount: op } };
            });
            await kit.events.append(`tally-${c.key}`, events);
          };
          const plan: { next?: CrashPlan } = {};
          const store = crashing(kit.store, plan);
          const newProcess = () => kit.runner({ store, pageSize, checkpointIntervalMs });
          let runner = newProcess();

          for (const step of script) {
            for (let i = 0; i < step.appends; i++) await appendNext();
            plan.next = step.crash;
            // each wake message makes the runner read from its checkpoint, whatever position it names
            for (const position of step.wakes) {
              runner.wake(position);
              try {
                await runner.step();
              } catch (err) {
                if (err instanceof Crash) {
                  // the process died (a new one starts from what is stored), or the round failed
                  // and the same runner goes on
                  if (step.restart) runner = newProcess();
                } else if (!isProjectionWriteConflictError(err)) throw err;
              }
            }
          }
          while (appended < commits.length) await appendNext();
          plan.next = undefined;
          await newProcess().catchUp();

          const all = (await kit.events.readAll({ limit: 10_000 })).events;
          const expected = foldProjection(kit.definition, all);
          expect(await kit.documents()).toEqual(expected);

          // and a rebuild from position 1 into its own version gives the same documents
          await kit.runner({ mode: 'rebuild', version: 2, pageSize: rebuildPageSize }).catchUp();
          expect(await kit.documents(2)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
