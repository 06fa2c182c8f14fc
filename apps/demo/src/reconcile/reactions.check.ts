import { eventCountsByOrder, expectedEventCounts, reactionDifferences } from './expected-reactions';
import type { ReconcileCheck } from './reconcile-check';

/** Each expected reaction happened exactly once, for every order the load placed, and nothing else. */
export const reactionsCheck: ReconcileCheck = {
  name: 'each reaction happened exactly once',
  run(o) {
    const actual = eventCountsByOrder(o.storedEvents);
    const placed = o.orders.filter((x) => x.placed && x.orderId !== undefined);
    const differences: string[] = [];
    for (const order of placed) {
      const diff = reactionDifferences(expectedEventCounts(order), actual.get(order.orderId!));
      if (diff.length) differences.push(`order ${order.orderId}: ${diff.join('; ')}`);
    }
    const known = new Set(placed.map((x) => x.orderId));
    for (const id of actual.keys())
      if (!known.has(id)) differences.push(`order ${id}: in the store, not placed by the load`);
    return {
      name: this.name,
      ok: differences.length === 0,
      summary: `${placed.length - differences.length} of ${placed.length} orders reconcile`,
      differences,
    };
  },
};
