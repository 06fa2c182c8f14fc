import { MessagingError } from '../../errors/messaging-error';

/** `client.emit()` of a pattern no domain of the topology publishes, and no default domain set. */
export class NoPublishingDomainError extends MessagingError {
  readonly code = 'SWITCHYARD_NO_PUBLISHING_DOMAIN';
  constructor(readonly pattern: string) {
    super(
      `no domain of the topology publishes "${pattern}": list it in a domain's publishes, or set the client's domain`,
    );
  }
}
