import { Injectable, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { InvalidRequestError } from '../errors/invalid-request.error';
import { validationFailures } from './validation-failures';

/** The request parts this pipe validates; custom decorators (request metadata, messaging) pass as they are. */
const VALIDATED: ReadonlySet<ArgumentMetadata['type']> = new Set(['body', 'query', 'param']);

/**
 * The API's `ValidationPipe` (global, `APP_PIPE`): request DTOs are validated with class-validator, fields
 * not in the DTO are dropped, and a failure is an {@link InvalidRequestError} with the failing fields as
 * dotted paths, so the 400 body has the API's error shape. A body that is not a JSON object is refused as
 * such before any field is looked at.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      exceptionFactory: (errors) => new InvalidRequestError(validationFailures(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!VALIDATED.has(metadata.type)) return value;
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata) && !isJsonObject(value)) {
      throw new InvalidRequestError([{ field: 'body', constraints: ['body must be a JSON object'] }]);
    }
    return super.transform(value, metadata);
  }
}

function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
