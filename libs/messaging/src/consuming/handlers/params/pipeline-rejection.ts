import { HttpException } from '@nestjs/common';

/**
 * Whether a handler's throw is a refusal of the message itself, which no retry can change: a 4xx
 * `HttpException`, as a guard's refusal (ForbiddenException, 403) or a pipe's validation error
 * (BadRequestException from ValidationPipe, 400) throws. Such a message is dead-lettered at once with
 * the reason; anything else (5xx included) is retried.
 */
export function isRejection(err: unknown): err is HttpException {
  if (!(err instanceof HttpException)) return false;
  const status = err.getStatus();
  return status >= 400 && status < 500;
}

/**
 * The rejection as an Error whose message carries what the exception's response says (ValidationPipe
 * puts every failed constraint there, not in `message`), for the dead letter's headers.
 */
export function describeRejection(err: HttpException): Error {
  const response = err.getResponse();
  const details =
    typeof response === 'string'
      ? response
      : Array.isArray((response as { message?: unknown }).message)
        ? (response as { message: unknown[] }).message.map(String).join('; ')
        : String((response as { message?: unknown }).message ?? err.message);
  const described = new Error(`${err.getStatus()} ${details}`);
  described.name = err.name;
  return described;
}
