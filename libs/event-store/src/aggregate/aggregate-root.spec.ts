import { contractEvent } from '@switchyard/contracts';
import { isMissingEventHandlerError } from '../errors/missing-event-handler.error';
import { Order, OrderConfirmed, OrderPlaced } from '@switchyard/examples';

const placed = contractEvent(OrderPlaced, {
  orderId: 'o-1',
  customerId: 'c-1',
  lines: [{ sku: 'S', quantity: 1, unitPrice: '2.00' }],
  total: '2.00',
  currency: 'EUR',
});

describe('AggregateRoot (through the demo Order)', () => {
  it('starts new: initial state, version -1, nothing uncommitted', () => {
    const order = new Order('o-1');
    expect(order.state).toEqual({ status: 'new', lines: [] });
    expect(order.version).toBe(-1);
    expect(order.uncommittedEvents).toEqual([]);
  });

  it('replay folds stored events and takes the version from their revisions', () => {
    const order = new Order('o-1');
    order.replay([
      { ...placed, revision: 0 },
      { ...contractEvent(OrderConfirmed, { orderId: 'o-1' }), revision: 1 },
    ]);
    expect(order.state.status).toBe('confirmed');
    expect(order.version).toBe(1);
    expect(order.uncommittedEvents).toEqual([]);
  });

  it('raise applies the event and keeps it uncommitted until markCommitted', () => {
    const order = new Order('o-1');
    order.replay([{ ...placed, revision: 0 }]);
    order.confirm();
    expect(order.state.status).toBe('confirmed');
    expect(order.uncommittedEvents.map((e) => e.type)).toEqual(['order.confirmed']);
    expect(order.version).toBe(0);
    order.markCommitted(1);
    expect(order.uncommittedEvents).toEqual([]);
    expect(order.version).toBe(1);
  });

  it('evolve is pure: it returns a new state and leaves the old one as it was', () => {
    const order = new Order('o-1');
    const before = order.state;
    const after = order.evolve(before, placed);
    expect(before).toEqual({ status: 'new', lines: [] });
    expect(after.status).toBe('placed');
  });

  it('restore starts from a snapshot', () => {
    const order = new Order('o-1');
    order.restore({ status: 'placed', lines: [] }, 41);
    expect(order.version).toBe(41);
    order.confirm();
    expect(order.state.status).toBe('confirmed');
  });

  it('an event type without a handler is an error naming both', () => {
    const order = new Order('o-1');
    let err: unknown;
    try {
      order.replay([{ type: 'order.teleported', data: {} }]);
    } catch (e) {
      err = e;
    }
    expect(isMissingEventHandlerError(err)).toBe(true);
    expect((err as Error).message).toBe('aggregate "order" has no handler for event "order.teleported"');
  });
});
