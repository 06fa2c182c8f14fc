import type { OutgoingEvent } from '../publishing/outgoing-message';

/** What `client.emit()` may carry besides the payload: the event id, stream, revision, correlation. */
export type SwitchyardRecordOptions = Partial<Omit<OutgoingEvent, 'data' | 'type' | 'routingKey'>>;

/** Wraps an emitted payload with its event metadata: `client.emit('order.placed', new SwitchyardRecord(data, { eventId, stream, revision }))`. */
export class SwitchyardRecord<T = unknown> {
  constructor(
    readonly data: T,
    readonly options: SwitchyardRecordOptions = {},
  ) {}
}
