import type { ReadAllOptions, ReadAllResult } from '@switchyard/event-store';
import type { ProjectionEventSource } from '../runner/page-reader';

/**
 * The event store as the runners of one process share it: identical page reads in flight at the same
 * time (every runner woken by the same message asks for the same page) go to the database once.
 */
export function sharedReads(source: ProjectionEventSource): ProjectionEventSource {
  const inFlight = new Map<string, Promise<ReadAllResult>>();
  return {
    readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
      const key = `${options.fromPosition ?? 1}:${options.limit ?? ''}`;
      let read = inFlight.get(key);
      if (!read) {
        read = source.readAll(options).finally(() => inFlight.delete(key));
        inFlight.set(key, read);
      }
      return read;
    },
  };
}
