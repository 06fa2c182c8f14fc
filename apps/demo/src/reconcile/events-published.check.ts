import type { ReconcileCheck } from './reconcile-check';

/**
 * Events stored = events published: every stored event reached the audit queue (bound with `#` to every
 * domain exchange) and nothing else did, and every commit is marked dispatched. A copy published twice
 * (at least once delivery: a relay that crashed between the confirm and the mark) is counted, not an error.
 */
export const eventsPublishedCheck: ReconcileCheck = {
  name: 'events stored = events published',
  run(o) {
    const stored = new Set(o.storedEvents.map((e) => e.eventId));
    const published = new Set(o.publishedMessageIds);
    const differences = [
      ...[...stored].filter((id) => !published.has(id)).map((id) => `${id}: stored, never published`),
      ...[...published].filter((id) => !stored.has(id)).map((id) => `${id}: published, not in the store`),
    ];
    if (o.undispatchedCommits > 0)
      differences.push(`${o.undispatchedCommits} commit(s) not marked dispatched`);
    const copies = o.publishedMessageIds.length - published.size;
    return {
      name: this.name,
      ok: differences.length === 0,
      summary: `${stored.size} stored, ${published.size} published${copies ? ` (+${copies} duplicate copies)` : ''}, ${o.undispatchedCommits} undispatched of ${o.commits} commits`,
      differences,
    };
  },
};
