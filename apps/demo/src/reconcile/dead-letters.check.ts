import type { ReconcileCheck } from './reconcile-check';

/**
 * Each dead letter the load provokes (expected-notifications.ts: a push to an unregistered token, an SMS
 * to an invalid number) is in its DLQ once, with one of its expected reasons, and there are no others: the
 * orders/payments flows of the load must not dead-letter at all.
 */
export const deadLettersCheck: ReconcileCheck = {
  name: 'dead letters as expected',
  run(o) {
    const found = new Map<string, { reason: string }[]>();
    for (const d of o.deadLetters)
      for (const id of d.messageIds) {
        const k = `${d.queue} ${id}`;
        found.set(k, [...(found.get(k) ?? []), { reason: d.reason }]);
      }
    const differences: string[] = [];
    const expectedKeys = new Set<string>();
    for (const x of o.expectedDeadLetters) {
      const k = `${x.queue} ${x.messageId}`;
      expectedKeys.add(k);
      const got = found.get(k) ?? [];
      if (got.length === 0) differences.push(`${k}: expected (${x.reasons.join(' or ')}), not dead-lettered`);
      else if (got.length > 1) differences.push(`${k}: dead-lettered ${got.length} times`);
      else if (!x.reasons.includes(got[0]!.reason))
        differences.push(`${k}: dead-lettered as ${got[0]!.reason}, expected ${x.reasons.join(' or ')}`);
    }
    for (const [k, got] of found)
      if (!expectedKeys.has(k)) differences.push(`${k}: unexpected (${got.map((g) => g.reason).join(', ')})`);
    const total = o.deadLetters.reduce((n, x) => n + x.count, 0);
    return {
      name: this.name,
      ok: differences.length === 0,
      summary: `${total} dead-lettered, ${o.expectedDeadLetters.length} expected`,
      differences,
    };
  },
};
