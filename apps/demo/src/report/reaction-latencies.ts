import type { StoredEvent } from '../run/demo-observation';

/** One hop of the flows whose latency the report shows: from the command's event to the reaction's. */
export interface ReactionHop {
  readonly label: string;
  readonly from: string;
  /** The first of these stored for the order ends the hop. */
  readonly to: readonly string[];
}

/** The hops the report measures, command → reaction visible in the store (what a `GET` then shows). */
export const REACTION_HOPS: readonly ReactionHop[] = [
  {
    label: 'order placed → confirmed/cancelled (api → payments → orders)',
    from: 'order.placed',
    to: ['order.confirmed', 'order.cancelled'],
  },
  { label: 'order shipped → payment captured', from: 'order.shipped', to: ['payment.captured'] },
  { label: 'order cancelled → payment refunded', from: 'order.cancelled', to: ['payment.refunded'] },
];

/** Per hop, the latencies (ms) of the orders that made it, from the events' commit times. */
export function reactionLatencies(
  events: readonly StoredEvent[],
  hops: readonly ReactionHop[] = REACTION_HOPS,
): { readonly hop: ReactionHop; readonly ms: number[] }[] {
  const byOrder = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.orderId === undefined) continue;
    const list = byOrder.get(e.orderId) ?? [];
    list.push(e);
    byOrder.set(e.orderId, list);
  }
  return hops.map((hop) => {
    const ms: number[] = [];
    for (const list of byOrder.values()) {
      const start = list.find((e) => e.type === hop.from);
      if (!start) continue;
      const end = list
        .filter((e) => hop.to.includes(e.type) && e.committedAt >= start.committedAt && e !== start)
        .sort((a, b) => a.committedAt - b.committedAt)[0];
      if (end) ms.push(end.committedAt - start.committedAt);
    }
    return { hop, ms };
  });
}
