import { POSITION_BUCKET_SIZE } from '../event-store.constants';

/** Which bucket of `POSITION_BUCKET_SIZE` consecutive positions a position falls in. */
export function positionBucket(position: number): number {
  return Math.floor(position / POSITION_BUCKET_SIZE);
}
