import { replayTarget } from './replay-target';

describe('where a replayed dead letter is published', () => {
  it('goes to a plain consumer queue through the default exchange', () => {
    expect(replayTarget('notifications.push', 'notifications.push', 'order.placed')).toEqual({
      exchange: '',
      routingKey: 'notifications.push',
      queue: 'notifications.push',
    });
  });

  it("goes to a partition through the consumer's hash exchange, whichever partition it names", () => {
    for (const queue of ['reporting.projections.p0', 'reporting.projections.p3', 'reporting.projections.p12'])
      expect(replayTarget('reporting.projections', queue, 'order.placed')).toEqual({
        exchange: 'reporting.projections.partitions',
        routingKey: 'order.placed',
        queue,
      });
  });

  it('treats a queue that only looks like a partition of another consumer as a plain queue', () => {
    expect(replayTarget('reporting.projections', 'reporting.other.p1', 'order.placed').exchange).toBe('');
    expect(replayTarget('reporting.projections', 'reporting.projections.pX', 'order.placed').exchange).toBe(
      '',
    );
    expect(replayTarget('reporting.projections', 'reporting.projections.p1.dlq', 'k').exchange).toBe('');
  });
});
