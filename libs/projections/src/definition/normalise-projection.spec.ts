import 'reflect-metadata';
import { InvalidProjectionError } from '../errors/invalid-projection.error';
import { defineProjection } from './define-projection';
import { normaliseProjection } from './normalise-projection';
import type { ProjectionEvent } from './projection-definition';
import { Projection } from './projection.decorator';
import { ProjectionHandler, ProjectionSideEffects } from './projection-handler.decorator';

interface Placed {
  orderId: string;
  total: number;
}

const event = (type: string, data: object): ProjectionEvent =>
  ({ type, data, eventId: 'e', position: 1, indexInCommit: 0 }) as unknown as ProjectionEvent;

@Projection({
  name: 'order-totals',
  version: 2,
  collection: 'order_totals',
  documentIds: (e) => (e.data as Placed).orderId,
})
class OrderTotals {
  readonly effects: string[] = [];

  @ProjectionHandler('order.placed')
  placed(_doc: unknown, e: ProjectionEvent<Placed>) {
    return { total: e.data.total };
  }

  @ProjectionHandler(['order.cancelled', 'order.refunded'], { documentIds: () => ['cancellations'] })
  cancelled(doc: { n?: number } | undefined) {
    return { n: (doc?.n ?? 0) + 1 };
  }

  @ProjectionSideEffects('order.placed')
  async notify(e: ProjectionEvent) {
    this.effects.push(e.type);
  }
}

describe('projection definitions', () => {
  it('reads a decorated class into the same shape as a plain definition, bound to its instance', async () => {
    const instance = new OrderTotals();
    const fromClass = normaliseProjection(instance);
    const plain = defineProjection({
      name: 'order-totals',
      version: 2,
      collection: 'order_totals',
      handlers: {
        'order.placed': { documentIds: () => 'x', evolve: () => ({}) },
        'order.cancelled': { documentIds: () => 'x', evolve: () => ({}) },
        'order.refunded': { documentIds: () => 'x', evolve: () => ({}) },
      },
    });
    expect({ ...fromClass, handlers: Object.keys(fromClass.handlers) }).toEqual({
      ...plain,
      handlers: Object.keys(plain.handlers),
      sideEffects: expect.any(Function),
      sideEffectTypes: ['order.placed'],
    });
    const placed = event('order.placed', { orderId: 'o-1', total: 5 });
    expect(fromClass.handlers['order.placed']!.documentIds(placed)).toBe('o-1');
    expect(fromClass.handlers['order.placed']!.evolve(undefined, placed, { documentId: 'o-1' })).toEqual({
      total: 5,
    });
    expect(fromClass.handlers['order.refunded']!.documentIds(placed)).toEqual(['cancellations']);
    await fromClass.sideEffects!(placed, {} as never);
    expect(instance.effects).toEqual(['order.placed']);
  });

  it.each([
    [{ name: 'Bad Name' }, 'the name must match'],
    [{ version: 0 }, 'the version must be a whole number'],
    [{ collection: 'a.b' }, 'the collection must match'],
    [{ handlers: {} }, 'it handles no event type'],
    [{ handlers: { x: { evolve: () => ({}) } } }, 'the handler of "x" needs documentIds'],
    [
      { sideEffects: () => undefined, sideEffectTypes: ['y'] },
      'side effects for types it does not handle: y',
    ],
  ])('refuses %j with a reason', (override, reason) => {
    const base = {
      name: 'p',
      version: 1,
      collection: 'p',
      handlers: { x: { documentIds: () => 'a', evolve: () => ({}) } },
    };
    const attempt = () => defineProjection({ ...base, ...override } as never);
    expect(attempt).toThrow(InvalidProjectionError);
    expect(attempt).toThrow(reason);
  });

  it('refuses a class handling one type twice, a handler without ids, and an undecorated object', () => {
    @Projection({ name: 'twice', version: 1, collection: 'twice' })
    class Twice {
      @ProjectionHandler('a', { documentIds: () => 'x' })
      one() {
        return {};
      }
      @ProjectionHandler('a', { documentIds: () => 'x' })
      two() {
        return {};
      }
    }
    @Projection({ name: 'no-ids', version: 1, collection: 'no_ids' })
    class NoIds {
      @ProjectionHandler('a')
      one() {
        return {};
      }
    }
    expect(() => normaliseProjection(new Twice())).toThrow('"a" is handled by two methods');
    expect(() => normaliseProjection(new NoIds())).toThrow('names no documentIds');
    expect(() => normaliseProjection(new (class Plain {})())).toThrow(
      'neither a projection definition nor an instance of a @Projection() class',
    );
  });
});
