import { ProjectionError } from './projection-error';

/**
 * A runner was about to write without a lease it could vouch for (it could not renew within the TTL: a
 * paused or partitioned process). It writes nothing; another process holds the build by now.
 */
export class ProjectionLeaseLostError extends ProjectionError {
  readonly code = 'SWITCHYARD_PROJECTION_LEASE_LOST';
  constructor(readonly build: string) {
    super(
      `projection build ${build}: the lease may have passed to another process; this round writes nothing`,
    );
  }
}

export function isProjectionLeaseLostError(err: unknown): err is ProjectionLeaseLostError {
  return err instanceof ProjectionLeaseLostError;
}
