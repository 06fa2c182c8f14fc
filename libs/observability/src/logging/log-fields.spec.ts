import { currentLogFields, withLogFields } from './log-fields';

describe('log fields', () => {
  it('holds the fields for the work inside, across awaits, merged with the outer ones', async () => {
    expect(currentLogFields()).toEqual({});
    const seen = await withLogFields({ correlationId: 'c-1', eventId: undefined }, () =>
      withLogFields({ eventId: 'e-1', queue: 'payments.orders' }, async () => {
        await new Promise((r) => setTimeout(r, 5));
        return currentLogFields();
      }),
    );
    expect(seen).toEqual({ correlationId: 'c-1', eventId: 'e-1', queue: 'payments.orders' });
    expect(currentLogFields()).toEqual({});
  });

  it('keeps two concurrent pieces of work apart', async () => {
    const run = (id: string) =>
      withLogFields({ eventId: id }, async () => {
        await new Promise((r) => setTimeout(r, id === 'a' ? 10 : 1));
        return currentLogFields().eventId;
      });
    expect(await Promise.all([run('a'), run('b')])).toEqual(['a', 'b']);
  });
});
