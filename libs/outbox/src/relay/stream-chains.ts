/**
 * Runs `step` over a batch of commits, one chain per stream: a stream's commits go one after another in
 * batch (position) order, each started only once the step of the one before it resolved `true`; the
 * chains of different streams run at the same time. A chain stops at the first step that resolves
 * `false` or throws, so nothing of a stream is sent after a failure of that stream. Resolves when every
 * chain has stopped, with the errors steps threw (none when every step settled normally).
 */
export async function forEachInStreamOrder<C extends { readonly stream: string }>(
  batch: readonly C[],
  step: (commit: C) => Promise<boolean>,
): Promise<unknown[]> {
  const byStream = new Map<string, C[]>();
  for (const commit of batch) {
    const chain = byStream.get(commit.stream);
    if (chain) chain.push(commit);
    else byStream.set(commit.stream, [commit]);
  }
  const chains = [...byStream.values()].map(async (chain) => {
    for (const commit of chain) if (!(await step(commit))) return;
  });
  const settled = await Promise.allSettled(chains);
  return settled.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
}
