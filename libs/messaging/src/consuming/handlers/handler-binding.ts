import type { MessageContext } from './message-context';

/** One bound handler: how the runtime calls it (already wrapped with guards, pipes, interceptors). */
export interface HandlerBinding {
  /** For logs: `Class.method` or the pattern. */
  readonly name: string;
  /** Check revision order per stream (always on for partitioned consumers). */
  readonly ordered?: boolean;
  invoke(ctx: MessageContext): Promise<unknown>;
}
