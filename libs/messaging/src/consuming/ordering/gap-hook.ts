import type { MessageContext } from '../handlers/message-context';

/** Called on a revision gap instead of retrying: fill it (e.g. from the event store), then return. */
export type GapHook = (gap: {
  stream: string;
  expectedRevision: number;
  actualRevision: number;
  ctx: MessageContext;
}) => Promise<void>;
