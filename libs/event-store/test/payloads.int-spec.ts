import {
  EventContract,
  isInvalidEventError,
  isUnknownEventVersionError,
  type InvalidEventError,
} from '@switchyard/contracts';
import { IsNotEmpty, IsString } from 'class-validator';
import { useTestDatabase } from '@switchyard/testing';
import { getMongoEventStore, isCommitTooLargeError, type EventStore } from '@switchyard/event-store';
import { EventRegistry } from '@switchyard/contracts';
import { testRegistry } from './test-contracts';

@EventContract({ type: 'customer.renamed', version: 1, domain: 'customers' })
class CustomerRenamedV1 {
  @IsString() @IsNotEmpty() customerId!: string;
  @IsString() name!: string;
}

@EventContract({ type: 'customer.renamed', version: 2, domain: 'customers' })
class CustomerRenamedV2 {
  @IsString() @IsNotEmpty() customerId!: string;
  @IsString() givenName!: string;
  @IsString() familyName!: string;
}

const database = useTestDatabase('es_payloads');

describe('event store: payloads, validation, upcasting (real DB)', () => {
  let store: EventStore;

  beforeAll(async () => {
    store = getMongoEventStore(database.db, testRegistry(), { maxCommitBytes: 64 * 1024 });
  });

  it('round-trips awkward JSON exactly: dotted and $ keys, nested arrays, unicode, big numbers as strings', async () => {
    const payload = {
      'a.b': { 'c.d.e': 1 },
      $set: { $inc: 2, $where: 'x' },
      '': 'empty key',
      nested: [[1, [2, [3, []]]], [], [{ 'x.y': null }]],
      unicode: 'zażółć 🚀 中文 \u0000 \u2028 "quoted" \\ back',
      big: '123456789012345678901234567890',
      bigNegative: '-9007199254740993',
      floats: [0.1, 1e300, -5e-324, 9007199254740991],
      bools: [true, false, null],
      emptyObject: {},
      order: { z: 1, a: 2, m: 3 },
    };
    await store.append('blob-1', [{ type: 'blob.stored', data: { label: 'awkward', payload } }]);
    const [event] = await store.readStream('blob-1');
    expect(event!.data).toEqual({ label: 'awkward', payload });
    // Exact, key order included
    expect(JSON.stringify(event!.data)).toBe(JSON.stringify({ label: 'awkward', payload }));
  });

  it('validation failures store nothing and name the fields', async () => {
    const bad = {
      orderId: 'o-1',
      customerId: '',
      lines: [{ sku: 'S', quantity: 1.5, unitPrice: '1.00' }],
      total: '1.00',
      currency: 'EURO',
    };
    const good = { type: 'order.confirmed', data: { orderId: 'o-1' } };
    const err = await store
      .append('order-o-1', [good, { type: 'order.placed', data: bad }])
      .catch((e: unknown) => e);
    expect(isInvalidEventError(err)).toBe(true);
    expect((err as InvalidEventError).fields.sort()).toEqual(['currency', 'customerId', 'lines.0.quantity']);
    // Nothing was stored, not even the valid event before it
    expect(await store.currentRevision('order-o-1')).toBeUndefined();
  });

  it('an unknown event type is refused on append', async () => {
    await expect(store.append('x-1', [{ type: 'nope.happened', data: {} }])).rejects.toMatchObject({
      code: 'SWITCHYARD_UNKNOWN_EVENT_TYPE',
      type: 'nope.happened',
    });
  });

  it('a commit over the size limit fails with a clear error before touching the DB', async () => {
    const huge = { label: 'big', payload: { blob: 'x'.repeat(70 * 1024) } };
    const err = await store
      .append('blob-big', [{ type: 'blob.stored', data: huge }])
      .catch((e: unknown) => e);
    expect(isCommitTooLargeError(err)).toBe(true);
    expect(err).toMatchObject({ stream: 'blob-big', maxBytes: 64 * 1024, eventCount: 1 });
    expect((err as Error).message).toMatch(/over the 65536-byte limit/);
    expect(await store.currentRevision('blob-big')).toBeUndefined();
  });

  it('upcasting: v1 events stored earlier are read back as v2 once v2 and its upcaster are registered', async () => {
    // Given a service that only knew v1 stored two renames
    const v1Store = getMongoEventStore(database.db, new EventRegistry().register(CustomerRenamedV1));
    await v1Store.append('customer-c1', [
      { type: 'customer.renamed', data: { customerId: 'c1', name: 'Ada Lovelace' } },
      { type: 'customer.renamed', data: { customerId: 'c1', name: 'Grace Brewster Hopper' } },
    ]);
    // When a newer service registers v2 and the v1→v2 upcaster and writes a v2 event
    const registry = new EventRegistry()
      .register(CustomerRenamedV1, CustomerRenamedV2)
      .registerUpcaster<
        { customerId: string; name: string },
        { customerId: string; givenName: string; familyName: string }
      >({
        type: 'customer.renamed',
        fromVersion: 1,
        upcast: ({ customerId, name }) => {
          const parts = name.split(' ');
          return {
            customerId,
            givenName: parts.slice(0, -1).join(' '),
            familyName: parts[parts.length - 1]!,
          };
        },
      });
    const v2Store = getMongoEventStore(database.db, registry);
    await v2Store.append('customer-c1', [
      { type: 'customer.renamed', data: { customerId: 'c1', givenName: 'Ada', familyName: 'Byron' } },
    ]);
    // Then every event reads back as v2
    const events = await v2Store.readStream('customer-c1');
    expect(events.map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, { customerId: 'c1', givenName: 'Ada', familyName: 'Lovelace' }],
      [2, { customerId: 'c1', givenName: 'Grace Brewster', familyName: 'Hopper' }],
      [2, { customerId: 'c1', givenName: 'Ada', familyName: 'Byron' }],
    ]);
    // And the old service, which cannot read v2, says so instead of passing it through
    const err = await v1Store.readStream('customer-c1').catch((e: unknown) => e);
    expect(isUnknownEventVersionError(err)).toBe(true);
    expect((err as Error).message).toContain('"customer.renamed" version 2');
  });

  it('an unknown type on read names the type and version', async () => {
    const other = getMongoEventStore(database.db, new EventRegistry());
    await expect(other.readStream('blob-1')).rejects.toThrow('unknown event type "blob.stored" (version 1)');
  });
});
