import { FAKE_RULES } from '@switchyard/notifications';
import { DECLINED_CARD_LAST4, planLoad, planProviderBurst, sampleStride } from './load-plan';

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

  it('sends push tokens on most orders, some unregistered, some none, and some numbers the fake refuses', () => {
    const plan = planLoad(20, 'r1');
    const tokens = plan.map((o) => o.contact.pushToken);
    const unregistered = plan.filter((o) =>
      o.contact.pushToken?.startsWith(FAKE_RULES.unregisteredTokenPrefix),
    );
    expect(unregistered.map((o) => o.scenario).sort()).toEqual(['keep', 'ship']);
    expect(tokens.filter((t) => t === undefined)).toHaveLength(2);
    expect(new Set(tokens.filter((t) => t !== undefined)).size).toBe(18);
    const refused = plan.filter((o) => FAKE_RULES.invalidNumbers.test(o.contact.phone));
    // each of them gets an SMS: one when shipped, one when its payment fails
    expect(refused.map((o) => o.scenario).sort()).toEqual(['decline', 'ship']);
    for (const o of plan) {
      expect(o.body.customerPhone).toBe(o.contact.phone);
      expect(o.body.customerPushToken).toBe(o.contact.pushToken);
    }
    // the others' numbers are the order's own
    const valid = plan.filter((o) => !refused.includes(o)).map((o) => o.contact.phone);
    expect(new Set(valid).size).toBe(18);
  });
});

describe('planProviderBurst', () => {
  it('fails a fifth as many provider requests as orders, 2 to 100, half-way through the load', () => {
    expect(planProviderBurst(50)).toEqual({ atOrder: 25, count: 10, status: 503, retryAfterSeconds: 1 });
    expect(planProviderBurst(5)).toMatchObject({ atOrder: 2, count: 2 });
    expect(planProviderBurst(2_000)).toMatchObject({ atOrder: 1_000, count: 100 });
  });

  it('samples with a stride prime to the scenario cycle, so every scenario is in the sample', () => {
    for (const count of [20, 50, 300, 1000]) {
      const stride = sampleStride(count, 50);
      const sampled = planLoad(count, 'r').filter((o) => o.index % stride === 0);
      expect(new Set(sampled.map((o) => o.scenario))).toEqual(
        new Set(planLoad(count, 'r').map((o) => o.scenario)),
      );
    }
  });
});
