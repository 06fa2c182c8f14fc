import { MessagingError } from '../../errors/messaging-error';

/** A duration in the topology or the options is not `<number><ms|s|m|h>`. */
export class InvalidDurationError extends MessagingError {
  readonly code = 'SWITCHYARD_INVALID_DURATION';
  constructor(readonly value: string) {
    super(`invalid duration "${value}": expected a number followed by ms, s, m or h (e.g. 250ms, 10s, 1m)`);
  }
}
