/** Where a reaction left the reacting domain's aggregate. */
export interface ReactionResult<S extends string = string> {
  /** The id of the aggregate it acted on. */
  readonly id: string;
  /** The aggregate's status afterwards. */
  readonly status: S;
  /** Its stream's revision afterwards. */
  readonly revision: number;
}
