import type { ReconcileCheck } from './reconcile-check';

/**
 * Every read model equals a recomputation folded from the store's events (the live collection its
 * pointer names, bookkeeping fields aside), and each projection is live at the store's head.
 */
export const projectionsCheck: ReconcileCheck = {
  name: 'read models = a recomputation from the store',
  run(o) {
    const differences: string[] = [];
    if (o.projections.length === 0) differences.push('no projection observed (no projections worker ran?)');
    for (const p of o.projections) {
      if (p.state !== 'live' || p.lagEvents > 0)
        differences.push(
          `${p.name}: ${p.state} at position ${p.position} of ${p.head}${p.paused ? ` (paused at ${p.paused})` : ''}`,
        );
      if (p.differences > 0)
        differences.push(
          `${p.name}: ${p.differences} document(s) differ from the recomputation: ${p.differing.join(', ')}${p.differences > p.differing.length ? ', …' : ''}`,
        );
    }
    const documents = o.projections.reduce((n, p) => n + p.documents, 0);
    return {
      name: this.name,
      ok: differences.length === 0,
      summary: `${o.projections.filter((p) => p.differences === 0 && p.state === 'live' && p.lagEvents === 0).length} of ${o.projections.length} live at the head and equal (${documents} documents)`,
      differences,
    };
  },
};
