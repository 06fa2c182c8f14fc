import { AssertionError } from 'node:assert';
import { defineProjection, type ProjectionEvent } from '@switchyard/projections';
import { ProjectionSpec } from './projection-spec';

interface Added {
  key: string;
  n: number;
}

const totals = defineProjection<{ total: number }>({
  name: 'totals',
  version: 1,
  collection: 'totals',
  handlers: {
    added: {
      documentIds: (e: ProjectionEvent<Added>) => [e.data.key, 'all'],
      evolve: (doc, e: ProjectionEvent<Added>) => ({ total: (doc?.total ?? 0) + e.data.n }),
    },
    removed: { documentIds: (e: ProjectionEvent<Added>) => e.data.key, evolve: () => null },
  },
});

const given = [
  { type: 'added', data: { key: 'a', n: 1 } },
  { type: 'added', data: { key: 'b', n: 2 } },
  { type: 'removed', data: { key: 'a', n: 0 } },
  { type: 'ignored', data: {} },
];

describe('ProjectionSpec', () => {
  it('passes when the read model is exactly the expected one, and fails otherwise', async () => {
    await ProjectionSpec.for(totals)
      .given(given)
      .then({ all: { total: 3 }, b: { total: 2 } });
    await ProjectionSpec.for(totals).given(given).thenDocument('a', undefined);
    await expect(
      ProjectionSpec.for(totals)
        .given(given)
        .then({ all: { total: 3 } }),
    ).rejects.toThrow(AssertionError);
  });

  it('expectIdempotent passes for a pure projection and catches one that depends on something else', async () => {
    await expect(ProjectionSpec.for(totals).given(given).expectIdempotent()).resolves.toEqual({
      all: { total: 3 },
      b: { total: 2 },
    });
    let calls = 0;
    const impure = defineProjection<{ seen: number }>({
      name: 'impure',
      version: 1,
      collection: 'impure',
      handlers: { added: { documentIds: () => 'x', evolve: () => ({ seen: ++calls }) } },
    });
    await expect(ProjectionSpec.for(impure).given(given).expectIdempotent()).rejects.toThrow(
      /read model (after replaying every page twice|of one replay from scratch)/,
    );
  });

  it('fails with the reason when the projection cannot apply a given event', async () => {
    const broken = defineProjection({
      name: 'broken',
      version: 1,
      collection: 'broken',
      handlers: {
        added: {
          documentIds: () => 'x',
          evolve: () => {
            throw new Error('no');
          },
        },
      },
    });
    await expect(ProjectionSpec.for(broken).given(given).then({})).rejects.toThrow(
      'the projection paused at spec-event-1 (added): no',
    );
  });
});
