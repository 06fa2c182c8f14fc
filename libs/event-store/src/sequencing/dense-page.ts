/**
 * The readers' rule: from the commits found in the buckets of `[from, from + limit)`, the run of
 * consecutive positions that starts at `from`, in order. It stops at the first position not visible
 * (claimed but not stamped yet, or not claimed at all), so a checkpoint never moves past a commit that
 * becomes visible later.
 */
export function densePage<C extends { readonly position: number }>(
  found: readonly C[],
  from: number,
  limit: number,
): C[] {
  const inRange = found
    .filter((c) => c.position >= from && c.position < from + limit)
    .sort((a, b) => a.position - b.position);
  const page: C[] = [];
  for (const c of inRange) {
    if (c.position !== from + page.length) break;
    page.push(c);
  }
  return page;
}
