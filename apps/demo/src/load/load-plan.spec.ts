import { DECLINED_CARD_LAST4, planLoad } from './load-plan';

describe('planLoad', () => {
  it('has every case even in a run of 20 orders', () => {
    const plan = planLoad(20, 'r1');
    const count = (f: (o: (typeof plan)[number]) => boolean) => plan.filter(f).length;
    expect(count((o) => o.scenario === 'ship')).toBe(8);
    expect(count((o) => o.scenario === 'decline')).toBe(3);
    expect(count((o) => o.scenario === 'cancel')).toBe(2);
    expect(count((o) => o.scenario === 'keep')).toBe(7);
    expect(count((o) => o.replay)).toBe(2);
    expect(count((o) => o.shipAfterDecline)).toBe(2);
  });

  it('keeps the mix for a long run: 40 % shipped, 15 % declined, 10 % cancelled', () => {
    const plan = planLoad(2_000, 'r1');
    expect(plan.filter((o) => o.scenario === 'ship')).toHaveLength(800);
    expect(plan.filter((o) => o.scenario === 'decline')).toHaveLength(300);
    expect(plan.filter((o) => o.scenario === 'cancel')).toHaveLength(200);
  });

  it('pays declined orders with the declined test card and the others with another, with a valid body', () => {
    for (const o of planLoad(40, 'r1')) {
      expect(o.body.cardLast4 === DECLINED_CARD_LAST4).toBe(o.scenario === 'decline');
      const lines = o.body.lines as { quantity: number; unitPrice: string }[];
      const total = lines.reduce((n, l) => n + l.quantity * Number(l.unitPrice), 0);
      expect(Number(o.body.total)).toBe(total);
      expect(o.body.customerPhone).toMatch(/^\+[1-9]\d{6,14}$/);
      expect(o.body).not.toHaveProperty('orderId');
    }
  });

  it('gives every order a key unique to the run, and the same plan for the same arguments', () => {
    const a = planLoad(100, 'r1');
    expect(new Set(a.map((o) => o.idempotencyKey)).size).toBe(100);
    expect(planLoad(100, 'r1')).toEqual(a);
    expect(planLoad(1, 'r2')[0]!.idempotencyKey).not.toBe(a[0]!.idempotencyKey);
  });
});
