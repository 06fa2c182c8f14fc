import { randomUUID } from 'node:crypto';
import { BSON } from 'mongodb';
import type { EventRegistry } from '@switchyard/contracts';
import { activeTraceparent } from '@switchyard/observability';
import type { EventMetadata, NewEvent } from '../event-store.types';
import { isValidExpectedRevision } from '../expected-revision';
import { CommitTooLargeError } from '../errors/commit-too-large.error';
import { InvalidAppendError } from '../errors/invalid-append.error';
import type { CommitDocument, EventDocument } from './commit-document';

/** An event validated and serialised for a commit, before its revision is known. */
export type PreparedEvent = Omit<EventDocument, 'revision'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates and serialises the events; every failure here happens before the database is touched. Events
 * without a `traceparent` in their metadata get the active span's.
 */
export function prepareEvents(
  registry: EventRegistry,
  maxCommitBytes: number,
  stream: string,
  events: readonly NewEvent[],
  expected: unknown,
  shared: EventMetadata | undefined,
): PreparedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0)
    throw new InvalidAppendError(String(stream), 'empty stream');
  if (events.length === 0) throw new InvalidAppendError(stream, 'no events');
  if (!isValidExpectedRevision(expected)) {
    throw new InvalidAppendError(stream, `expected revision ${String(expected)} is not valid`);
  }
  // The active span (the HTTP request's, the handler's) is where these events come from: a `traceparent`
  // given in the metadata wins over it.
  const traceparent = activeTraceparent();
  const traced: EventMetadata = traceparent === undefined ? {} : { traceparent };
  const prepared = events.map((e) => {
    const schemaVersion = registry.currentVersion(e.type);
    registry.validate(e.type, schemaVersion, e.data);
    const eventId = e.eventId ?? randomUUID();
    if (!UUID.test(eventId)) throw new InvalidAppendError(stream, `event id "${eventId}" is not a UUID`);
    return {
      eventId,
      type: e.type,
      schemaVersion,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify({ ...traced, ...shared, ...e.metadata }),
    };
  });
  const ids = new Set(prepared.map((e) => e.eventId));
  if (ids.size !== prepared.length) throw new InvalidAppendError(stream, 'an event id appears twice');

  const skeleton: CommitDocument = {
    _id: prepared[0]!.eventId,
    stream,
    revision: Number.MAX_SAFE_INTEGER,
    lastRevision: Number.MAX_SAFE_INTEGER,
    position: Number.MAX_SAFE_INTEGER,
    bucket: Number.MAX_SAFE_INTEGER,
    events: prepared.map((e) => ({ ...e, revision: Number.MAX_SAFE_INTEGER })),
    committedAt: new Date(),
    dispatched: false,
    // The sequencer adds position, bucket and sequenced later: the size counts them already.
    sequenced: true,
  };
  const size = BSON.calculateObjectSize(skeleton);
  if (size > maxCommitBytes) throw new CommitTooLargeError(stream, size, maxCommitBytes, prepared.length);
  return prepared;
}
