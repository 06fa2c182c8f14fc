import type { StoredEventRecord } from '../archive/archive.types';
import { StoredEventCorruptError } from '../errors/stored-event-corrupt.error';
import { rawJsonFields } from './raw-json-fields';

/**
 * One exported event: one line of NDJSON, the stored envelope with its fields always in this order:
 *
 * ```
 * {"position":12,"indexInCommit":0,"stream":"order-42","revision":3,"type":"order.confirmed",
 *  "schemaVersion":1,"eventId":"…","committedAt":"2025-01-31T12:00:00.123Z","metadata":{…},"data":{…}}
 * ```
 *
 * `metadata` and `data` are the JSON text the store holds, written as it is (not parsed and printed
 * again), so any payload survives byte for byte: number spellings, escapes, key order, keys with `.` or
 * `$`. `schemaVersion` is the stored one (nothing is upcast); `committedAt` is ISO 8601 in UTC with
 * milliseconds, as precise as the stored date. A file of such lines is what `events export` writes,
 * `events archive` writes and `events restore` reads.
 */
export function encodeExportLine(e: StoredEventRecord, commitId = e.eventId): string {
  const storedJson = (text: string) => checkedJson(text, commitId, e.eventId);
  return (
    `{"position":${e.position},"indexInCommit":${e.indexInCommit},"stream":${JSON.stringify(e.stream)},` +
    `"revision":${e.revision},"type":${JSON.stringify(e.type)},"schemaVersion":${e.schemaVersion},` +
    `"eventId":${JSON.stringify(e.eventId)},"committedAt":"${e.committedAt.toISOString()}",` +
    `"metadata":${storedJson(e.metadata)},"data":${storedJson(e.data)}}`
  );
}

/** Why a line is not an exported event, or the event it holds. */
export type DecodedExportLine = { readonly event: StoredEventRecord } | { readonly error: string };

/** Reads a line written by {@link encodeExportLine}; `metadata` and `data` come back as the raw text. */
export function decodeExportLine(line: string): DecodedExportLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { error: 'not a JSON line' };
  }
  const raw = rawJsonFields(line);
  if (!raw || typeof parsed !== 'object' || parsed === null) return { error: 'not a JSON object' };
  const v = parsed as Record<string, unknown>;
  const whole = (k: string, min: number) =>
    Number.isSafeInteger(v[k]) && (v[k] as number) >= min
      ? undefined
      : `"${k}" is not a whole number ≥ ${min}`;
  const text = (k: string) =>
    typeof v[k] === 'string' && v[k] !== '' ? undefined : `"${k}" is not a string`;
  const json = (k: string) => (raw.has(k) ? undefined : `"${k}" is missing`);
  const error =
    whole('position', 1) ??
    whole('indexInCommit', 0) ??
    text('stream') ??
    whole('revision', 0) ??
    text('type') ??
    whole('schemaVersion', 1) ??
    text('eventId') ??
    text('committedAt') ??
    json('metadata') ??
    json('data');
  if (error) return { error };
  const committedAt = new Date(v['committedAt'] as string);
  if (Number.isNaN(committedAt.getTime()) || committedAt.toISOString() !== v['committedAt'])
    return { error: '"committedAt" is not an ISO 8601 UTC time with milliseconds' };
  return {
    event: {
      position: v['position'] as number,
      indexInCommit: v['indexInCommit'] as number,
      stream: v['stream'] as string,
      revision: v['revision'] as number,
      type: v['type'] as string,
      schemaVersion: v['schemaVersion'] as number,
      eventId: v['eventId'] as string,
      committedAt,
      metadata: raw.get('metadata')!,
      data: raw.get('data')!,
    },
  };
}

/** The stored JSON text, checked: it must be JSON, and on one line (NDJSON). */
function checkedJson(text: string, commitId: string, eventId: string): string {
  let cause: unknown;
  if (!/[\n\r]/.test(text)) {
    try {
      JSON.parse(text);
      return text;
    } catch (err) {
      cause = err;
    }
  } else {
    cause = new SyntaxError('stored JSON text spans several lines');
  }
  throw new StoredEventCorruptError(commitId, eventId, cause);
}
