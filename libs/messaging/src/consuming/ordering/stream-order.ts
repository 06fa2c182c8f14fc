import type { Inbox } from '../../inbox/inbox';
import type { Outcome } from '../retry/attempt-outcome';
import { RevisionGapError } from '../errors/revision-gap.error';
import type { GapHook } from './gap-hook';
import type { MessageContext } from '../handlers/message-context';

/**
 * The last revision handled per stream, for ordered consumers: remembered in memory, read from the inbox
 * (when there is one) for a stream not seen yet, and read again on an apparent gap, since another
 * process may have handled the revisions in between (a partition handed over by single-active-consumer
 * and back).
 */
export class StreamOrder {
  private readonly lastRevisions = new Map<string, number>();

  constructor(
    private readonly consumerName: string,
    private readonly inbox: Inbox | undefined,
    private readonly onGap: GapHook | undefined,
  ) {}

  /**
   * Checks `ctx` (at `revision` of `stream`) against the stream's last handled revision: `skip` for one
   * already handled, `retry` for a gap (after `onGap` fails, or without `onGap`), `undefined` when the
   * handler may run.
   */
  async check(ctx: MessageContext, stream: string, revision: number): Promise<Outcome | undefined> {
    const remembered = this.lastRevisions.get(stream);
    // Memory is only this process's view: on an apparent gap, ask the inbox before calling it one.
    const last =
      remembered === undefined || revision > remembered + 1 ? await this.fromInbox(stream) : remembered;
    if (last !== undefined && revision <= last) return { kind: 'skip' };
    if (last !== undefined && revision > last + 1) {
      if (!this.onGap) return { kind: 'retry', error: new RevisionGapError(stream, last + 1, revision) };
      try {
        await this.onGap({
          stream,
          expectedRevision: last + 1,
          actualRevision: revision,
          ctx,
        });
      } catch (err) {
        return { kind: 'retry', error: err };
      }
    }
    return undefined;
  }

  /** Records that `revision` of `stream` was handled. */
  note(stream: string, revision: number): void {
    const known = this.lastRevisions.get(stream);
    if (known === undefined || revision > known) this.lastRevisions.set(stream, revision);
    if (this.lastRevisions.size > 10_000) this.lastRevisions.delete(this.lastRevisions.keys().next().value!);
  }

  /** The last revision the inbox has for `stream` (or memory's, when higher or without an inbox). */
  private async fromInbox(stream: string): Promise<number | undefined> {
    const stored = this.inbox ? await this.inbox.lastRevision(this.consumerName, stream) : undefined;
    if (stored !== undefined) this.note(stream, stored);
    return this.lastRevisions.get(stream);
  }
}
