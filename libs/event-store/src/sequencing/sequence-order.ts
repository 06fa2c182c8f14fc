import type { PendingCommit } from './sequencer-store';

/**
 * The order in which a batch of pending commits gets its positions: each stream's commits by ascending
 * revision (so positions never disagree with revisions), and the streams interleaved by append time.
 *
 * Append times come from the writers' clocks, which may disagree: a commit is therefore ranked no
 * earlier than its predecessor in the stream (`rank = max(committedAt, rank of the one before)`), so a
 * skewed clock can reorder streams against each other but never a stream against itself.
 */
export function sequenceOrder(batch: readonly PendingCommit[]): PendingCommit[] {
  const byStream = new Map<string, PendingCommit[]>();
  for (const c of batch) {
    const list = byStream.get(c.stream);
    if (list) list.push(c);
    else byStream.set(c.stream, [c]);
  }
  const ranked: { commit: PendingCommit; rank: number }[] = [];
  for (const list of byStream.values()) {
    list.sort((a, b) => a.revision - b.revision);
    let rank = -Infinity;
    for (const commit of list) {
      rank = Math.max(rank, commit.committedAt.getTime());
      ranked.push({ commit, rank });
    }
  }
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      (a.commit.stream < b.commit.stream ? -1 : a.commit.stream > b.commit.stream ? 1 : 0) ||
      a.commit.revision - b.commit.revision,
  );
  return ranked.map((r) => r.commit);
}
