/** The JSON body of every error response. */
export interface ApiErrorBody {
  readonly statusCode: number;
  /** The HTTP reason phrase, e.g. `Conflict`. */
  readonly error: string;
  /** Stable machine-readable code, e.g. `SWITCHYARD_WRONG_EXPECTED_REVISION`. */
  readonly code: string;
  readonly message: string;
  /** The error's context: failing fields, expected/actual revisions, the order's status. */
  readonly details?: Record<string, unknown>;
}
