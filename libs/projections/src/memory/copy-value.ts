/**
 * A deep copy of document-like data (plain objects, arrays, dates, primitives) built from this realm's
 * literals, so a copied document compares equal with `deepStrictEqual` to one written in a test (Node's
 * `structuredClone` returns objects of another realm under Jest). Anything else goes through
 * `structuredClone`.
 */
export function copyValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copyValue) as T;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && proto.constructor?.name !== 'Object') return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyValue(v);
  return out as T;
}
