import { InMemoryInbox } from './in-memory-inbox';

describe('InMemoryInbox', () => {
  it('answers as the MongoDB inbox does: recorded once per consumer and message, duplicate after', async () => {
    const inbox = new InMemoryInbox();
    expect(await inbox.has('a', 'm-1')).toBe(false);
    expect(await inbox.record({ consumer: 'a', messageId: 'm-1', stream: 's', revision: 3 })).toBe(
      'recorded',
    );
    expect(await inbox.record({ consumer: 'a', messageId: 'm-1' })).toBe('duplicate');
    expect(await inbox.record({ consumer: 'b', messageId: 'm-1', stream: 's', revision: 7 })).toBe(
      'recorded',
    );
    expect(await inbox.has('a', 'm-1')).toBe(true);
    expect(await inbox.lastRevision('a', 's')).toBe(3);
    expect(await inbox.lastRevision('b', 's')).toBe(7);
    expect(await inbox.lastRevision('a', 'other')).toBeUndefined();
  });

  it('writes an effect once per inbox key through recordWith, and shows what it wrote', async () => {
    const inbox = new InMemoryInbox();
    expect(await inbox.recordWith('sent', 'a:m-1', { to: '+4915' })).toBe('recorded');
    expect(await inbox.recordWith({ collectionName: 'sent' }, 'a:m-1', { to: 'again' })).toBe('duplicate');
    expect(inbox.effects('sent')).toEqual([{ to: '+4915', inboxKey: 'a:m-1' }]);
  });
});
