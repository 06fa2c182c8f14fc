import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isInvalidEventError } from '@switchyard/contracts';
import { isWrongExpectedRevisionError } from '@switchyard/event-store';
import type { Response } from 'express';
import { isIdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import { isInvalidRequestError } from '../errors/invalid-request.error';
import { isOrderNotFoundError } from '../errors/order-not-found.error';
import { isPaymentNotFoundError } from '../errors/payment-not-found.error';
import type { ApiErrorBody } from './api-error-body';
import { isOrderTransitionError } from '@switchyard/examples';
import { isUnknownProjectionError } from '@switchyard/projections';

/**
 * The one place errors become HTTP responses: invalid input 400 (with the failing fields), unknown order
 * payment or projection 404, revision conflict and forbidden transition 409, anything unexpected 500 (logged, no internals in
 * the body).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const body = this.toBody(err);
    if (body.statusCode >= 500) {
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    host.switchToHttp().getResponse<Response>().status(body.statusCode).json(body);
  }

  toBody(err: unknown): ApiErrorBody {
    if (isInvalidEventError(err) || isInvalidRequestError(err)) {
      return errorBody(400, err.code, err.message, {
        fields: err.failures.map((f) => f.field),
        failures: err.failures,
      });
    }
    if (isIdempotencyKeyReusedError(err)) {
      return errorBody(422, err.code, err.message, {
        idempotencyKey: err.idempotencyKey,
        orderId: err.orderId,
      });
    }
    if (isOrderNotFoundError(err)) {
      return errorBody(404, err.code, err.message, { orderId: err.orderId });
    }
    if (isPaymentNotFoundError(err)) {
      return errorBody(404, err.code, err.message, {
        paymentId: err.paymentId,
        ...(err.orderId === undefined ? {} : { orderId: err.orderId }),
      });
    }
    if (isUnknownProjectionError(err)) {
      return errorBody(404, err.code, err.message, { projection: err.projection, known: err.known });
    }
    if (isWrongExpectedRevisionError(err)) {
      return errorBody(409, err.code, err.message, {
        stream: err.stream,
        expectedRevision: err.expectedRevision,
        actualRevision: err.actualRevision ?? null,
      });
    }
    if (isOrderTransitionError(err)) {
      return errorBody(409, err.code, err.message, {
        orderId: err.orderId,
        command: err.command,
        status: err.status,
      });
    }
    if (err instanceof HttpException) {
      // Nest's own (unknown route, unparsable JSON body): keep the status, our body shape.
      const status = err.getStatus();
      return errorBody(status, `SWITCHYARD_HTTP_${status}`, err.message);
    }
    return errorBody(500, 'SWITCHYARD_INTERNAL_ERROR', 'internal server error');
  }
}

function errorBody(
  statusCode: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): ApiErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    code,
    message,
    ...(details ? { details } : {}),
  };
}
