import { IsInt, IsNotEmpty, IsString } from 'class-validator';
import { contractEvent, EventContract, eventTypeOf } from './event-contract.decorator';
import { EventRegistry } from './event-registry';
import { ContractRegistrationError } from './errors/contract-registration.error';
import { InvalidEventError, isInvalidEventError } from './errors/invalid-event.error';
import { isUnknownEventTypeError, UnknownEventTypeError } from './errors/unknown-event-type.error';
import { isUnknownEventVersionError, UnknownEventVersionError } from './errors/unknown-event-version.error';
import { exampleEventRegistry, exampleOrderPlaced, OrderConfirmed } from '@switchyard/examples';

@EventContract({ type: 'widget.renamed', version: 1, domain: 'widgets' })
class WidgetRenamedV1 {
  @IsString() name!: string;
}

@EventContract({ type: 'widget.renamed', version: 2, domain: 'widgets' })
class WidgetRenamedV2 {
  @IsString() @IsNotEmpty() firstName!: string;
  @IsString() lastName!: string;
}

@EventContract({ type: 'widget.renamed', version: 3, domain: 'widgets' })
class WidgetRenamedV3 {
  @IsString() @IsNotEmpty() firstName!: string;
  @IsString() lastName!: string;
  @IsInt() nameLength!: number;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

const validOrderPlaced = exampleOrderPlaced();

describe('EventRegistry', () => {
  describe('example contracts', () => {
    it('knows every demo type with its domain, routing key and current version', () => {
      const registry = exampleEventRegistry();
      expect(registry.registeredTypes()).toEqual([
        'order.cancelled',
        'order.confirmed',
        'order.placed',
        'order.shipped',
        'payment.authorized',
        'payment.captured',
        'payment.failed',
        'payment.refunded',
      ]);
      expect(registry.domainOf('payment.failed')).toBe('payments');
      expect(registry.routingKeyOf('order.shipped')).toBe('order.shipped');
      expect(registry.currentVersion('order.placed')).toBe(1);
    });

    it('accepts a valid order.placed, with or without the optional phone', () => {
      const registry = exampleEventRegistry();
      expect(() => registry.validate('order.placed', 1, validOrderPlaced)).not.toThrow();
      expect(() =>
        registry.validate('order.placed', 1, { ...validOrderPlaced, customerPhone: '+4915112345678' }),
      ).not.toThrow();
    });

    it('names every failing field, nested ones by their dotted path', () => {
      // Given an order.placed with a bad nested quantity, a float total, a bad phone and a stray field
      const data = {
        ...validOrderPlaced,
        lines: [{ sku: 'SKU-1', quantity: 0, unitPrice: '4.50' }],
        total: 9.0,
        customerPhone: '0151',
        extra: true,
      };
      // When it is validated
      const err = caught(() => exampleEventRegistry().validate('order.placed', 1, data));
      // Then the error lists exactly those fields
      expect(isInvalidEventError(err)).toBe(true);
      const invalid = err as InvalidEventError;
      expect(invalid.code).toBe('SWITCHYARD_INVALID_EVENT');
      expect(invalid.fields.sort()).toEqual(['customerPhone', 'extra', 'lines.0.quantity', 'total']);
      expect(invalid.message).toContain('lines.0.quantity');
    });

    it('rejects non-object data and an empty lines array', () => {
      const registry = exampleEventRegistry();
      expect((caught(() => registry.validate('order.placed', 1, 'x')) as InvalidEventError).fields).toEqual([
        '(root)',
      ]);
      expect(
        (
          caught(() =>
            registry.validate('order.placed', 1, { ...validOrderPlaced, lines: [] }),
          ) as InvalidEventError
        ).fields,
      ).toEqual(['lines']);
    });

    it('builds typed events from contract classes', () => {
      expect(contractEvent(OrderConfirmed, { orderId: 'o-1' })).toEqual({
        type: 'order.confirmed',
        data: { orderId: 'o-1' },
      });
      expect(eventTypeOf(OrderConfirmed)).toBe('order.confirmed');
      expect(() => eventTypeOf(class NotAContract {})).toThrow(
        'NotAContract is not decorated with @EventContract',
      );
    });

    it('gives each call its own registry', () => {
      const a = exampleEventRegistry().register(WidgetRenamedV1);
      expect(a.has('widget.renamed')).toBe(true);
      expect(exampleEventRegistry().has('widget.renamed')).toBe(false);
    });
  });

  describe('upcasting', () => {
    function widgets(): EventRegistry {
      return new EventRegistry()
        .register(WidgetRenamedV1, WidgetRenamedV2, WidgetRenamedV3)
        .registerUpcaster<{ name: string }, { firstName: string; lastName: string }>({
          type: 'widget.renamed',
          fromVersion: 1,
          upcast: ({ name }) => {
            const [firstName = '', ...rest] = name.split(' ');
            return { firstName, lastName: rest.join(' ') };
          },
        })
        .registerUpcaster<{ firstName: string; lastName: string }, object>({
          type: 'widget.renamed',
          fromVersion: 2,
          upcast: (d) => ({ ...d, nameLength: d.firstName.length + d.lastName.length }),
        });
    }

    it('chains upcasters from an old version to the current one', () => {
      expect(widgets().upcast('widget.renamed', 1, { name: 'Ada Lovelace' })).toEqual({
        version: 3,
        data: { firstName: 'Ada', lastName: 'Lovelace', nameLength: 11 },
      });
    });

    it('returns current-version data untouched', () => {
      const data = { firstName: 'A', lastName: 'B', nameLength: 2 };
      expect(widgets().upcast('widget.renamed', 3, data)).toEqual({ version: 3, data });
    });

    it('names type and version for an unknown type', () => {
      const err = caught(() => widgets().upcast('widget.exploded', 4, {}));
      expect(isUnknownEventTypeError(err)).toBe(true);
      expect((err as UnknownEventTypeError).message).toBe('unknown event type "widget.exploded" (version 4)');
    });

    it('names type and version for a version from the future', () => {
      const err = caught(() => widgets().upcast('widget.renamed', 9, {}));
      expect(isUnknownEventVersionError(err)).toBe(true);
      expect((err as UnknownEventVersionError).message).toContain('"widget.renamed" version 9');
    });

    it('refuses a chain with a gap instead of passing old data through', () => {
      const registry = new EventRegistry().register(WidgetRenamedV1, WidgetRenamedV2, WidgetRenamedV3);
      const err = caught(() => registry.upcast('widget.renamed', 1, { name: 'x' }));
      expect(isUnknownEventVersionError(err)).toBe(true);
      expect((err as UnknownEventVersionError).message).toContain('no upcaster registered from version 1');
    });
  });

  describe('registration', () => {
    it('refuses an undecorated class, a second class for a version and a conflicting domain', () => {
      class Plain {}
      @EventContract({ type: 'widget.renamed', version: 1, domain: 'widgets' })
      class Duplicate {}
      @EventContract({ type: 'widget.renamed', version: 2, domain: 'gadgets' })
      class OtherDomain {}
      const registry = new EventRegistry().register(WidgetRenamedV1);
      expect(caught(() => registry.register(Plain))).toBeInstanceOf(ContractRegistrationError);
      expect(caught(() => registry.register(Duplicate))).toBeInstanceOf(ContractRegistrationError);
      expect(caught(() => registry.register(OtherDomain))).toBeInstanceOf(ContractRegistrationError);
      expect(
        caught(() =>
          new EventRegistry().registerUpcaster({ type: 'nope', fromVersion: 1, upcast: (d) => d }),
        ),
      ).toBeInstanceOf(ContractRegistrationError);
    });
  });

  describe('payments contracts, which share their rules through base classes', () => {
    const registry = exampleEventRegistry();

    it('applies the inherited rules and names the failing inherited fields', () => {
      expect(() =>
        registry.validate('payment.refunded', 1, {
          paymentId: 'p-1',
          orderId: 'o-1',
          amount: '1.00',
          currency: 'EUR',
        }),
      ).not.toThrow();
      let err: unknown;
      try {
        registry.validate('payment.captured', 1, {
          paymentId: '',
          orderId: 'o-1',
          amount: 'lots',
          currency: 'EUR',
        });
      } catch (e) {
        err = e;
      }
      expect(isInvalidEventError(err) && [...err.fields].sort()).toEqual(['amount', 'paymentId']);
    });

    it('keeps each contract to its own fields', () => {
      expect(() =>
        registry.validate('payment.failed', 1, { paymentId: 'p-1', orderId: 'o-1', reason: 'declined' }),
      ).not.toThrow();
      expect(() =>
        registry.validate('payment.failed', 1, {
          paymentId: 'p-1',
          orderId: 'o-1',
          reason: 'declined',
          amount: '1.00',
        }),
      ).toThrow(/amount/);
    });
  });
});
