import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { EventContractClass } from './event-contract.decorator';
import type { EventFieldFailure } from './errors/invalid-event.error';

/**
 * Validates plain data against a contract class with class-validator. Fields the class does not declare
 * are failures too (a contract is a closed shape). Returns the failures, empty when the data is valid.
 */
export function validateAgainst(cls: EventContractClass, data: unknown): EventFieldFailure[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return [{ field: '(root)', constraints: ['event data must be a JSON object'] }];
  }
  const instance = plainToInstance(cls as new () => object, data);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  return flatten(errors, '');
}

function flatten(errors: ValidationError[], prefix: string): EventFieldFailure[] {
  const out: EventFieldFailure[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out.push({ field, constraints: Object.values(e.constraints) });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}
