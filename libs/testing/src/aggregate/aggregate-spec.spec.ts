import { AssertionError } from 'node:assert';
import { contractEvent, type EventData } from '@switchyard/contracts';
import { MissingEventHandlerError } from '@switchyard/event-store';
import { AggregateSpec, DEFAULT_SPEC_AGGREGATE_ID } from './aggregate-spec';
import {
  OrderCancelled,
  OrderConfirmed,
  OrderPlaced,
  OrderShipped,
  Order,
  OrderTransitionError,
} from '@switchyard/examples';

const orderId = DEFAULT_SPEC_AGGREGATE_ID;
const placedData: EventData<OrderPlaced> = {
  orderId,
  customerId: 'c-1',
  lines: [{ sku: 'SKU-1', quantity: 2, unitPrice: '4.50' }],
  total: '9.00',
  currency: 'EUR',
};
const placed = contractEvent(OrderPlaced, placedData);
const confirmed = contractEvent(OrderConfirmed, {
  orderId,
  customerId: 'c-1',
  total: '9.00',
  currency: 'EUR',
});

describe('AggregateSpec (with the demo Order)', () => {
  it('given nothing, when placed, then order.placed', () => {
    const { orderId: _, ...rest } = placedData;
    AggregateSpec.for(Order)
      .when((order) => order.place(rest))
      .then([placed]);
  });

  it('given placed, when confirmed, then order.confirmed', () => {
    AggregateSpec.for(Order)
      .given([placed])
      .when((order) => order.confirm())
      .then([confirmed]);
  });

  it('given confirmed, when shipped, then order.shipped', () => {
    AggregateSpec.for(Order)
      .given([placed, confirmed])
      .when((order) => order.ship('DHL', 'TRK-1'))
      .then([
        contractEvent(OrderShipped, {
          orderId,
          carrier: 'DHL',
          trackingNumber: 'TRK-1',
          customerId: 'c-1',
          total: '9.00',
          currency: 'EUR',
        }),
      ]);
  });

  it('given cancelled, when cancelled again, then nothing happens', () => {
    AggregateSpec.for(Order)
      .given([placed, contractEvent(OrderCancelled, { orderId, reason: 'changed mind' })])
      .when((order) => order.cancel('again'))
      .thenNothingHappened();
  });

  it('given shipped, when cancelled, then OrderTransitionError with its fields', () => {
    AggregateSpec.for(Order)
      .given([
        placed,
        confirmed,
        contractEvent(OrderShipped, { orderId, carrier: 'DHL', trackingNumber: 'T' }),
      ])
      .when((order) => order.cancel('too late'))
      .thenThrows<OrderTransitionError>(OrderTransitionError, { command: 'cancel', status: 'shipped' });
  });

  it('accepts a factory and a custom id', () => {
    AggregateSpec.for((id) => new Order(id), 'o-9')
      .given([{ ...placed, data: { ...placedData, orderId: 'o-9' } }])
      .when((order) => order.confirm())
      .then([
        contractEvent(OrderConfirmed, { orderId: 'o-9', customerId: 'c-1', total: '9.00', currency: 'EUR' }),
      ]);
  });

  describe('fails the test when', () => {
    it('the raised events differ', () => {
      expect(() =>
        AggregateSpec.for(Order)
          .given([placed])
          .when((order) => order.confirm())
          .then([contractEvent(OrderConfirmed, { orderId: 'other' })]),
      ).toThrow(AssertionError);
    });

    it('an error was expected but the command succeeded', () => {
      expect(() =>
        AggregateSpec.for(Order)
          .given([placed])
          .when((order) => order.confirm())
          .thenThrows(OrderTransitionError),
      ).toThrow(/expected OrderTransitionError, but the command succeeded and raised \["order.confirmed"\]/);
    });

    it('another error class was thrown', () => {
      expect(() =>
        AggregateSpec.for(Order)
          .given([{ type: 'order.teleported', data: {} }])
          .when((order) => order.confirm())
          .thenThrows(OrderTransitionError),
      ).toThrow(/expected OrderTransitionError, got MissingEventHandlerError/);
    });

    it('an error field differs', () => {
      expect(() =>
        AggregateSpec.for(Order)
          .when((order) => order.confirm())
          .thenThrows<OrderTransitionError>(OrderTransitionError, { status: 'placed' }),
      ).toThrow(/error field "status"/);
    });

    it('the command is asynchronous', () => {
      expect(() =>
        AggregateSpec.for(Order)
          .given([placed])
          .when(async (order) => order.confirm())
          .then([]),
      ).toThrow(/must be synchronous/);
    });

    it('an unexpected error surfaces from then()', () => {
      expect(() =>
        AggregateSpec.for(Order)
          .given([{ type: 'order.teleported', data: {} }])
          .when(() => undefined)
          .then([]),
      ).toThrow(MissingEventHandlerError);
    });
  });
});
