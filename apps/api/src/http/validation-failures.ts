import type { EventFieldFailure } from '@switchyard/contracts';
import type { ValidationError } from 'class-validator';

/**
 * class-validator's error tree as flat failures with dotted paths (`lines.0.quantity`), the shape of the
 * API's 400 body (the same as the event contracts' `InvalidEventError`).
 */
export function validationFailures(errors: readonly ValidationError[], prefix = ''): EventFieldFailure[] {
  const out: EventFieldFailure[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints && Object.keys(e.constraints).length > 0) {
      out.push({ field, constraints: Object.values(e.constraints) });
    }
    if (e.children?.length) out.push(...validationFailures(e.children, field));
  }
  return out;
}
