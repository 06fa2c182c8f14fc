import { REVISION_BUCKET_SIZE } from '../event-store.constants';

/** Which bucket of `REVISION_BUCKET_SIZE` consecutive revisions of its stream a revision falls in. */
export function revisionBucket(revision: number): number {
  return Math.floor(revision / REVISION_BUCKET_SIZE);
}
