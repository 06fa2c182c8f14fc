import type { Inbox } from '../../inbox/inbox';
import { isRevisionGapError } from '../errors/revision-gap.error';
import type { MessageContext } from '../handlers/message-context';
import { StreamOrder } from './stream-order';

/** An inbox that only answers lastRevision, from a map another process may move on. */
function fakeInbox(stored: Map<string, number>): Inbox & { reads: number } {
  const inbox = {
    reads: 0,
    ensureIndexes: async () => undefined,
    has: async () => false,
    record: async () => 'recorded' as const,
    recordWith: async () => 'recorded' as const,
    lastRevision: async (_consumer: string, stream: string) => {
      inbox.reads++;
      return stored.get(stream);
    },
  };
  return inbox;
}
const ctx = {} as MessageContext;

describe('StreamOrder: the last handled revision per stream', () => {
  it('reads the inbox again on an apparent gap: another process may have handled the revisions between', async () => {
    // Given this process handled revision 2 and remembers it
    const stored = new Map([['s', 2]]);
    const inbox = fakeInbox(stored);
    const order = new StreamOrder('c', inbox, undefined);
    expect(await order.check(ctx, 's', 3)).toBeUndefined();
    order.note('s', 3);
    // When another process handles 4 and 5 (the partition went there and came back)
    stored.set('s', 5);
    // Then revision 6 is not a gap, and 5 is known to be done
    expect(await order.check(ctx, 's', 6)).toBeUndefined();
    expect(await order.check(ctx, 's', 5)).toEqual({ kind: 'skip' });
  });

  it('still reports a real gap, with the revision it expected after reading the inbox', async () => {
    const stored = new Map([['s', 4]]);
    const order = new StreamOrder('c', fakeInbox(stored), undefined);
    order.note('s', 2);
    const outcome = await order.check(ctx, 's', 7);
    expect(outcome?.kind).toBe('retry');
    const error = outcome?.kind === 'retry' ? outcome.error : undefined;
    expect(isRevisionGapError(error) && [error.expectedRevision, error.actualRevision]).toEqual([5, 7]);
  });

  it('answers the next revision from memory, without reading the inbox', async () => {
    const inbox = fakeInbox(new Map());
    const order = new StreamOrder('c', inbox, undefined);
    order.note('s', 2);
    expect(await order.check(ctx, 's', 3)).toBeUndefined();
    expect(await order.check(ctx, 's', 1)).toEqual({ kind: 'skip' });
    expect(inbox.reads).toBe(0);
  });
});
