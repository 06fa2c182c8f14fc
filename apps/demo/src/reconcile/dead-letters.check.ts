import type { ReconcileCheck } from './reconcile-check';

/**
 * Each dead letter the load provokes is in its DLQ with the right reason, and there are no others. Before
 * notifications there are none to expect: the orders/payments flows of the load must not dead-letter.
 */
export const deadLettersCheck: ReconcileCheck = {
  name: 'dead letters as expected',
  run(o) {
    const key = (x: { queue: string; reason: string }) => `${x.queue} (${x.reason})`;
    const expected = new Map(o.expectedDeadLetters.map((x) => [key(x), x.count]));
    const actual = new Map(o.deadLetters.map((x) => [key(x), x]));
    const differences: string[] = [];
    for (const [k, count] of expected) {
      const got = actual.get(k)?.count ?? 0;
      if (got !== count) differences.push(`${k}: expected ${count}, found ${got}`);
    }
    for (const [k, x] of actual) {
      if (!expected.has(k))
        differences.push(`${k}: ${x.count} unexpected: ${x.messageIds.slice(0, 5).join(', ')}`);
    }
    const total = o.deadLetters.reduce((n, x) => n + x.count, 0);
    return { name: this.name, ok: differences.length === 0, summary: `${total} dead-lettered`, differences };
  },
};
