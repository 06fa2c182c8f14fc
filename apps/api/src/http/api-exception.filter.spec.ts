import { NotFoundException } from '@nestjs/common';
import { InvalidEventError } from '@switchyard/contracts';
import { WrongExpectedRevisionError } from '@switchyard/event-store';
import { OrderNotFoundError } from '../errors/order-not-found.error';
import { PaymentNotFoundError } from '../errors/payment-not-found.error';
import { ApiExceptionFilter } from './api-exception.filter';
import { OrderTransitionError } from '@switchyard/examples';
import { UnknownProjectionError } from '@switchyard/projections';

describe('ApiExceptionFilter', () => {
  const filter = new ApiExceptionFilter();

  it('maps a contract violation to 400 with the failing fields', () => {
    const err = new InvalidEventError('order.placed', 1, [
      { field: 'lines.0.quantity', constraints: ['quantity must not be less than 1'] },
    ]);
    expect(filter.toBody(err)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'SWITCHYARD_INVALID_EVENT',
      message: err.message,
      details: { fields: ['lines.0.quantity'], failures: err.failures },
    });
  });

  it('maps an unknown projection to 404 naming the known ones', () => {
    expect(filter.toBody(new UnknownProjectionError('nope', ['order-summary']))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'SWITCHYARD_UNKNOWN_PROJECTION',
      message: 'unknown projection "nope"; known: order-summary',
      details: { projection: 'nope', known: ['order-summary'] },
    });
  });

  it('maps a revision conflict to 409 with expected and actual (null when the stream is missing)', () => {
    expect(filter.toBody(new WrongExpectedRevisionError('order-1', 0, undefined))).toMatchObject({
      statusCode: 409,
      code: 'SWITCHYARD_WRONG_EXPECTED_REVISION',
      details: { stream: 'order-1', expectedRevision: 0, actualRevision: null },
    });
  });

  it('maps a forbidden transition to 409 with the domain code and message', () => {
    expect(filter.toBody(new OrderTransitionError('1', 'ship', 'cancelled'))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'SWITCHYARD_ORDER_TRANSITION',
      message: 'order 1: cannot ship an order that is cancelled',
      details: { orderId: '1', command: 'ship', status: 'cancelled' },
    });
  });

  it('maps a missing order to 404 and keeps Nest HTTP errors in the same shape', () => {
    expect(filter.toBody(new OrderNotFoundError('9'))).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(filter.toBody(new NotFoundException('Cannot GET /nope'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'SWITCHYARD_HTTP_404',
      message: 'Cannot GET /nope',
    });
  });

  it('maps a missing payment to 404, naming the order when it was asked for by the order', () => {
    expect(filter.toBody(new PaymentNotFoundError('p-1', 'o-1'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'SWITCHYARD_PAYMENT_NOT_FOUND',
      message: 'order o-1 has no payment (yet): payment p-1 does not exist',
      details: { paymentId: 'p-1', orderId: 'o-1' },
    });
    expect(filter.toBody(new PaymentNotFoundError('p-2')).details).toEqual({ paymentId: 'p-2' });
  });

  it('hides an unexpected error behind a 500 without its message', () => {
    const body = filter.toBody(new Error('connection string mongodb://user:secret@db'));
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'SWITCHYARD_INTERNAL_ERROR',
      message: 'internal server error',
    });
  });
});
