import fc from 'fast-check';
import type { Collection } from 'mongodb';
import { findChainHead, saveToChain } from './snapshot-chain';
import {
  chainSnapshotId,
  legacySnapshotId,
  type SnapshotCollections,
  type SnapshotDocument,
  type SnapshotHeadDocument,
} from './snapshot-document';

type Doc = Record<string, unknown> & { _id: string };

/**
 * An in-memory snapshots collection with the guarantees the chain relies on, and no more: unique `_id` and
 * unique `{stream, schemaVersion, revision}` (code 11000), and `$max` applied as FerretDB does it, as a
 * read, then a write, with other operations in between. Every operation waits for the scheduler first, so
 * fast-check decides how concurrent writers interleave (without a scheduler, operations run as called).
 */
function fakeCollections(s?: fc.Scheduler): { collections: SnapshotCollections; docs: Map<string, Doc> } {
  const docs = new Map<string, Doc>();
  const step = (label: string) => (s ? s.schedule(Promise.resolve(), label) : Promise.resolve());
  const copy = <T>(d: T | undefined): T | null => (d ? structuredClone(d) : null);
  const key = (d: Doc) =>
    typeof d.revision === 'number'
      ? `${String(d.stream)}|${String(d.schemaVersion)}|${d.revision}`
      : undefined;
  const fake = {
    async findOne(filter: { _id: string }) {
      await step(`findOne ${filter._id}`);
      return copy(docs.get(filter._id));
    },
    find(filter: Record<string, unknown>, options: { projection: Record<string, 1> }) {
      return {
        async toArray() {
          await step('find');
          return [...docs.values()]
            .filter((d) => Object.entries(filter).every(([k, v]) => d[k] === v))
            .map((d) =>
              Object.fromEntries(
                Object.keys(options.projection)
                  .filter((k) => k in d)
                  .map((k) => [k, d[k]]),
              ),
            );
        },
      };
    },
    async insertOne(doc: Doc) {
      await step(`insert ${doc._id}`);
      const k = key(doc);
      if (docs.has(doc._id) || (k && [...docs.values()].some((d) => key(d) === k)))
        throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      docs.set(doc._id, structuredClone(doc));
    },
    async updateOne(filter: { _id: string }, update: { $max: { generation: number } }) {
      await step(`read for $max ${filter._id}`);
      const before = copy(docs.get(filter._id));
      if (!before) return { matchedCount: 0 };
      await step(`write $max ${filter._id}`);
      docs.set(filter._id, {
        ...before,
        generation: Math.max(Number(before.generation), update.$max.generation),
      });
      return { matchedCount: 1 };
    },
  };
  return {
    collections: {
      snapshots: fake as unknown as Collection<SnapshotDocument>,
      heads: fake as unknown as Collection<SnapshotHeadDocument>,
    },
    docs,
  };
}

const STREAM = 's';

function chainOf(docs: Map<string, Doc>): Doc[] {
  const chain: Doc[] = [];
  for (let g = 1; docs.has(chainSnapshotId(STREAM, 1, g)); g++)
    chain.push(docs.get(chainSnapshotId(STREAM, 1, g))!);
  return chain;
}

describe('snapshot chain under concurrent writers (scheduled interleavings)', () => {
  it('property: the newest save is the latest; generations dense; revisions ascending; hint never ahead', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 7 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }),
        fc.boolean(),
        async (s, revisions, legacyRevisions, readerAlongside) => {
          const { collections, docs } = fakeCollections(s);
          // Given legacy snapshot documents from before the chain
          for (const revision of new Set(legacyRevisions)) {
            const _id = legacySnapshotId(STREAM, revision, 1);
            docs.set(_id, {
              _id,
              stream: STREAM,
              revision,
              schemaVersion: 1,
              state: JSON.stringify(revision),
              takenAt: new Date(),
            });
          }
          // When writers save concurrently (and a reader reads meanwhile), in the order the scheduler picks
          const writers = revisions.map((revision) =>
            saveToChain(collections, { stream: STREAM, revision, schemaVersion: 1, state: revision }),
          );
          const reader = readerAlongside ? [findChainHead(collections, STREAM, 1)] : [];
          await s.waitFor(Promise.all([...writers, ...reader]));

          // Then a reader afterwards gets the newest snapshot of all, with its own state
          const { latest } = await s.waitFor(findChainHead(collections, STREAM, 1));
          const newest = Math.max(...revisions, ...legacyRevisions);
          expect(latest?.revision).toBe(newest);
          expect(latest && JSON.parse(latest.state)).toBe(newest);
          // And the chain is dense, strictly ascending, and holds the newest save when it beat the legacy ones
          const chain = chainOf(docs);
          const chainRevisions = chain.map((d) => d.revision as number);
          expect(chainRevisions).toEqual([...chainRevisions].sort((a, b) => a - b));
          expect(new Set(chainRevisions).size).toBe(chainRevisions.length);
          if (Math.max(...revisions) > Math.max(-1, ...legacyRevisions))
            expect(chainRevisions.at(-1)).toBe(newest);
          expect(docs.has(chainSnapshotId(STREAM, 1, chain.length + 1))).toBe(false);
          // And the head hint, however the `$max` writes crossed, never names a generation past the chain
          const hint = docs.get(`${STREAM}#v1#head`);
          if (hint) expect(Number(hint.generation)).toBeLessThanOrEqual(chain.length);
        },
      ),
      { numRuns: 300, seed: 20_261_201 },
    );
  });

  it('a reader never returns a snapshot older than the newest one saved before it started', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 6 }),
        async (s, revisions) => {
          const { collections } = fakeCollections(s);
          const [first, ...rest] = revisions;
          await s.waitFor(
            saveToChain(collections, { stream: STREAM, revision: first!, schemaVersion: 1, state: first }),
          );
          const later = rest.map((revision) =>
            saveToChain(collections, { stream: STREAM, revision, schemaVersion: 1, state: revision }),
          );
          const read = findChainHead(collections, STREAM, 1);
          await s.waitFor(Promise.all([...later, read]));
          expect((await read).latest!.revision).toBeGreaterThanOrEqual(first!);
        },
      ),
      { numRuns: 200, seed: 20_261_202 },
    );
  });

  it('a hint far behind the chain is climbed to the head, then raised', async () => {
    const { collections, docs } = fakeCollections();
    for (let revision = 10; revision <= 70; revision += 10)
      await saveToChain(collections, { stream: STREAM, revision, schemaVersion: 1, state: revision });
    docs.set(`${STREAM}#v1#head`, { ...docs.get(`${STREAM}#v1#head`)!, generation: 1 });
    const head = await findChainHead(collections, STREAM, 1);
    expect(head).toMatchObject({ generation: 7, latest: { revision: 70 } });
    expect(docs.get(`${STREAM}#v1#head`)?.generation).toBe(7);
  });
});
