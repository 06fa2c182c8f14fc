import { MessagingError } from '../../errors/messaging-error';

/** An event arrived ahead of its stream's next expected revision; it is retried until the gap fills. */
export class RevisionGapError extends MessagingError {
  readonly code = 'SWITCHYARD_REVISION_GAP';
  constructor(
    readonly stream: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(`stream ${stream}: expected revision ${expectedRevision}, got ${actualRevision}`);
  }
}

export function isRevisionGapError(err: unknown): err is RevisionGapError {
  return err instanceof RevisionGapError;
}
