/**
 * One document of the claims collection (`commit_positions`): position `_id` belongs to commit `commit`.
 * `_id` is unique, and so is `commit` (index `commit_unique`); `bucket` lets a range of claims be read by
 * equality. The collection must stay unsharded on a sharded cluster (its two unique keys cannot both be
 * the shard key); it is small, about 100 bytes per commit.
 */
export interface PositionClaimDocument {
  _id: number;
  commit: string;
  stream: string;
  bucket: number;
}
