import { MessagingError } from '../../errors/messaging-error';

/**
 * An `@OnEvent` handler sits on a request-scoped provider (or one that depends on a request-scoped
 * provider). Messages have no HTTP request to scope it to, so it is refused at start rather than never
 * called.
 */
export class RequestScopedHandlerError extends MessagingError {
  readonly code = 'SWITCHYARD_REQUEST_SCOPED_HANDLER';
  constructor(
    readonly provider: string,
    readonly handlers: readonly string[],
  ) {
    super(
      `${provider} has @OnEvent handlers (${handlers.join(', ')}) but is request-scoped or depends on a ` +
        'request-scoped provider; make it (and what it injects) singleton-scoped, and read per-message ' +
        'data from the MessageContext (@Ctx()) instead',
    );
  }
}
