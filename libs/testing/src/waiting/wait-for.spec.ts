import { waitFor, WaitForTimeoutError } from './wait-for';

describe('waitFor', () => {
  it('resolves the first truthy value the condition returns', async () => {
    let n = 0;
    expect(await waitFor(() => (++n >= 3 ? { n } : undefined), { intervalMs: 1 })).toEqual({ n: 3 });
  });

  it('fails saying what never happened and what the condition last returned', async () => {
    const err = await waitFor(() => 0, { what: 'the order to ship', timeoutMs: 30, intervalMs: 5 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WaitForTimeoutError);
    expect((err as Error).message).toBe('timed out after 30 ms waiting for the order to ship (last: 0)');
  });

  it('fails at once when the condition throws', async () => {
    let calls = 0;
    await expect(
      waitFor(
        () => {
          calls++;
          throw new Error('boom');
        },
        { timeoutMs: 1_000 },
      ),
    ).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});
