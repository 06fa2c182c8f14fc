import { InvalidRequestError } from '../errors/invalid-request.error';
import { PlaceOrderDto } from '../orders/dto/place-order.dto';
import { RequestValidationPipe } from './request-validation.pipe';

const VALID = {
  customerId: 'c-1',
  lines: [{ sku: 'S', quantity: 1, unitPrice: '5.00' }],
  total: '5.00',
  currency: 'EUR',
};

describe('RequestValidationPipe', () => {
  const pipe = new RequestValidationPipe();
  const body = { type: 'body' as const, metatype: PlaceOrderDto };

  async function failures(value: unknown): Promise<InvalidRequestError['failures']> {
    try {
      await pipe.transform(value, body);
    } catch (err) {
      if (err instanceof InvalidRequestError) return err.failures;
      throw err;
    }
    throw new Error('expected an InvalidRequestError');
  }

  it('passes a valid body, dropping fields the DTO does not declare', async () => {
    const out = await pipe.transform({ ...VALID, admin: true }, body);
    expect(out).toMatchObject(VALID);
    expect(out).not.toHaveProperty('admin');
  });

  it('names every failing field as a dotted path, nested lines included', async () => {
    const got = await failures({
      ...VALID,
      currency: 'euro',
      lines: [{ sku: '', quantity: 0, unitPrice: '5' }],
    });
    expect(got.map((f) => f.field).sort()).toEqual(['currency', 'lines.0.quantity', 'lines.0.sku']);
    expect(got.find((f) => f.field === 'lines.0.quantity')!.constraints).toEqual([
      'quantity must not be less than 1',
    ]);
  });

  it.each([[[1, 2]], ['text'], [null]])(
    'refuses a body that is not a JSON object (%j) as "body"',
    async (value) => {
      expect(await failures(value)).toEqual([{ field: 'body', constraints: ['body must be a JSON object'] }]);
    },
  );

  it('leaves custom parameters (request metadata, message contexts) alone', async () => {
    const ctx = { not: 'validated' };
    await expect(pipe.transform(ctx, { type: 'custom', metatype: PlaceOrderDto })).resolves.toBe(ctx);
  });
});
