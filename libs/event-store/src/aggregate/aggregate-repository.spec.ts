import { EventContract, EventRegistry } from '@switchyard/contracts';
import { IsInt, Min } from 'class-validator';
import { getInMemoryEventStore } from '../memory/in-memory-event-store';
import { AggregateRepository } from './aggregate-repository';
import { AggregateRoot, type EventHandlers } from './aggregate-root';
import { derivedEventId, nameBasedUuid } from './derived-event-id';

@EventContract({ type: 'tally.added', version: 1, domain: 'test' })
class TallyAdded {
  @IsInt()
  @Min(1)
  n!: number;
}

/** Adds whatever it is told, every time: a command that is not idempotent on its own. */
class Tally extends AggregateRoot<{ total: number }> {
  readonly aggregateType = 'tally';
  protected readonly handlers: EventHandlers<{ total: number }> = {
    'tally.added': (s, e: { n: number }) => ({ total: s.total + e.n }),
  };
  protected initialState() {
    return { total: 0 };
  }
  add(n: number): void {
    this.raise(TallyAdded, { n });
  }
}

function setup() {
  const store = getInMemoryEventStore(new EventRegistry().register(TallyAdded));
  const tallies = new AggregateRepository<Tally>(store, { create: (id) => new Tally(id) });
  return { store, tallies };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('AggregateRepository with an idempotency key', () => {
  it('derives the event ids from the key, so a repeated command stores nothing', async () => {
    const { store, tallies } = setup();
    const first = new Tally('t-1');
    first.add(1);
    await tallies.create(first);

    // When the same command runs twice with one key (a redelivered event)
    const once = await tallies.execute('t-1', (t) => t.add(5), { idempotencyKey: 'event-9' });
    const again = await tallies.execute('t-1', (t) => t.add(5), { idempotencyKey: 'event-9' });

    // Then the stream holds its event once, with the derived id, and both calls see the stored state
    const stored = await store.readStream('tally-t-1');
    expect(stored.map((e) => e.eventId)).toEqual([
      expect.any(String),
      derivedEventId('event-9', 'tally-t-1', 0),
    ]);
    expect([once.version, once.state]).toEqual([1, { total: 6 }]);
    expect([again.version, again.state, again.uncommittedEvents]).toEqual([1, { total: 6 }, []]);

    // And another key is another command
    await tallies.execute('t-1', (t) => t.add(5), { idempotencyKey: 'event-10' });
    expect((await tallies.load('t-1')).state).toEqual({ total: 11 });
  });

  it('a repeated creation with the same key stores nothing', async () => {
    const { store, tallies } = setup();
    for (let i = 0; i < 2; i++) {
      const tally = new Tally('t-2');
      tally.add(3);
      tally.add(4);
      expect((await tallies.create(tally, { idempotencyKey: 'event-1' })).revision).toBe(1);
    }
    expect((await store.readStream('tally-t-2')).map((e) => e.eventId)).toEqual([
      derivedEventId('event-1', 'tally-t-2', 0),
      derivedEventId('event-1', 'tally-t-2', 1),
    ]);
  });
});

describe('derivedEventId', () => {
  it('is a UUID that depends on the key, the stream and the index, and nothing else', () => {
    const id = derivedEventId('k', 's', 0);
    expect(id).toMatch(UUID);
    expect(derivedEventId('k', 's', 0)).toBe(id);
    const others = [derivedEventId('k2', 's', 0), derivedEventId('k', 's2', 0), derivedEventId('k', 's', 1)];
    expect(new Set([id, ...others]).size).toBe(4);
    // parts are not merely concatenated
    expect(nameBasedUuid('ab', 'c')).not.toBe(nameBasedUuid('a', 'bc'));
  });
});
