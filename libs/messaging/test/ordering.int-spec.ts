import { useTestEnvironment, waitFor } from '@switchyard/testing';
import { MessagingRuntime } from '../src/consuming/messaging-runtime';
import { RevisionGapError } from '../src/consuming/errors/revision-gap.error';
import { testTopology } from './messaging-test-helpers';
import { MongoInbox } from '@switchyard/mongodb';

const { vhost, database } = useTestEnvironment('msg_ordering');

describe('revision order on an ordered consumer: gaps wait and retry, or go to the gap hook', () => {
  let runtime: MessagingRuntime;
  const handled: string[] = [];
  const gaps: Array<{ stream: string; expectedRevision: number; actualRevision: number }> = [];

  beforeAll(async () => {
    runtime = new MessagingRuntime({
      urls: vhost.amqpUrl,
      topology: testTopology({ delays: ['150ms', '300ms'], maxAttempts: 6 }),
      inbox: new MongoInbox(database.db),
      onGap: async ({ stream, expectedRevision, actualRevision }) => {
        gaps.push({ stream, expectedRevision, actualRevision });
        // This hook can fill `fill-*` streams (from the event store, in a real app); others wait and retry.
        if (!stream.startsWith('fill-')) throw new RevisionGapError(stream, expectedRevision, actualRevision);
        for (let r = expectedRevision; r < actualRevision; r++) handled.push(`${stream}@${r}(filled)`);
      },
    });
    runtime.addHandler('notifications.push', {
      name: 'ordered',
      ordered: true,
      invoke: async (ctx) => {
        handled.push(`${ctx.stream}@${ctx.revision}`);
      },
    });
    await runtime.start();
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  const publish = (stream: string, revision: number, id = `${stream}-${revision}`) =>
    runtime.publisher.publish({
      domain: 'orders',
      type: 'order.placed',
      eventId: id,
      data: {},
      stream,
      revision,
    });
  const of = (stream: string) => handled.filter((h) => h.startsWith(`${stream}@`));

  it('holds an event that arrives ahead of its predecessor until the gap fills, then handles both in order', async () => {
    // Given revision 0 was handled
    await publish('s1', 0);
    await waitFor(() => of('s1').length === 1, { what: 'revision 0', timeoutMs: 10_000 });
    // When revision 2 arrives before revision 1
    await publish('s1', 2);
    await waitFor(() => gaps.some((g) => g.stream === 's1'), {
      what: 'the gap to be seen',
      timeoutMs: 10_000,
    });
    expect(of('s1')).toEqual(['s1@0']);
    await publish('s1', 1);
    // Then the handler sees 0, 1, 2 in order
    await waitFor(() => of('s1').length === 3, { what: 'revision 2', timeoutMs: 10_000 });
    expect(of('s1')).toEqual(['s1@0', 's1@1', 's1@2']);
    expect(gaps.find((g) => g.stream === 's1')).toEqual({
      stream: 's1',
      expectedRevision: 1,
      actualRevision: 2,
    });
  });

  it('acks an old revision (reordered or re-published) without running the handler again', async () => {
    await publish('s1', 1, 's1-1-again');
    // (the runtime records an old revision in the inbox, as handled, right before it acks it)
    const records = database.db.collection('inbox');
    await waitFor(
      async () =>
        (await records.countDocuments({ consumer: 'notifications.push', messageId: 's1-1-again' })) === 1,
      { what: 'the inbox record of the copy in the database', timeoutMs: 10_000 },
    );
    expect(of('s1')).toEqual(['s1@0', 's1@1', 's1@2']);
  });

  it('calls the gap hook, which fills the gap, then handles the event', async () => {
    await publish('fill-a', 0);
    await waitFor(() => of('fill-a').length === 1, { what: 'revision 0', timeoutMs: 10_000 });
    await publish('fill-a', 3);
    await waitFor(() => of('fill-a').length === 4, { what: 'revision 3', timeoutMs: 10_000 });
    expect(of('fill-a')).toEqual(['fill-a@0', 'fill-a@1(filled)', 'fill-a@2(filled)', 'fill-a@3']);
  });
});
