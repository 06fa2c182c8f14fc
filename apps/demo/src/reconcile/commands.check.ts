import type { ReconcileCheck } from './reconcile-check';

/** Every command got the answer the load expected: accepted (2xx), or refused on purpose (4xx). */
export const commandsCheck: ReconcileCheck = {
  name: 'commands answered as expected',
  run(o) {
    const differences = o.commands
      .filter((c) => !answeredAsExpected(c.expected, c.status))
      .map(
        (c) =>
          `order ${c.orderId ?? `#${c.orderIndex}`}: ${c.kind} expected ${c.expected}, got ${c.status ?? 'no answer'}${c.code ? ` ${c.code}` : ''}${c.error ? ` (${c.error})` : ''}`,
      );
    return {
      name: this.name,
      ok: differences.length === 0,
      summary: `${o.commands.length - differences.length} of ${o.commands.length} as expected`,
      differences,
    };
  },
};

function answeredAsExpected(expected: 'accepted' | 'rejected', status: number | undefined): boolean {
  if (status === undefined) return false;
  return expected === 'accepted' ? status >= 200 && status < 300 : status >= 400 && status < 500;
}
