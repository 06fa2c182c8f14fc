/**
 * The stream of one aggregate instance: `<aggregateType>-<id>`, e.g. `order-42`. Build stream names with
 * this helper rather than by hand.
 */
export function streamName(aggregateType: string, id: string): string {
  return `${aggregateType}-${id}`;
}
