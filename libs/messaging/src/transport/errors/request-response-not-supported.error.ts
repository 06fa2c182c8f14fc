import { MessagingError } from '../../errors/messaging-error';

/** The Switchyard transport carries events only: `client.send()` (request/response) is not supported. */
export class RequestResponseNotSupportedError extends MessagingError {
  readonly code = 'SWITCHYARD_REQUEST_RESPONSE_NOT_SUPPORTED';
  constructor(readonly pattern: string) {
    super(
      `the Switchyard transport carries events only: use client.emit("${pattern}", data), not send(); ` +
        'request/response over domain events is not supported',
    );
  }
}
