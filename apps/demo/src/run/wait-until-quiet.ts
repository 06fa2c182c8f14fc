import { DemoNotSettledError } from '../errors/demo-not-settled.error';

/** One thing that must settle: resolves what is still pending (empty when settled). */
export type QuietProbe = () => Promise<string[]>;

/**
 * Waits until every probe reports nothing pending twice in a row (the management API's figures lag by
 * a few seconds), polling every `intervalMs`; probes run in order and stop at the first that is not
 * settled. @throws DemoNotSettledError naming what was still pending at the bound
 */
export async function waitUntilQuiet(
  probes: readonly QuietProbe[],
  options: {
    readonly timeoutMs: number;
    readonly intervalMs?: number;
    readonly onPending?: (p: string[]) => void;
  },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let quietRounds = 0;
  let pending: string[] = [];
  while (Date.now() < deadline) {
    pending = [];
    for (const probe of probes) {
      pending = await probe();
      if (pending.length > 0) break;
    }
    options.onPending?.(pending);
    quietRounds = pending.length === 0 ? quietRounds + 1 : 0;
    if (quietRounds >= 2) return;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 1_000));
  }
  throw new DemoNotSettledError(options.timeoutMs, pending);
}
