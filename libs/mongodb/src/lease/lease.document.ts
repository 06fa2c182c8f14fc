/**
 * One lease term. Terms are numbered; a term is taken by inserting its document, and the unique `_id`
 * (`<lease>:<term>`) lets exactly one contender win each term. No upsert, no `$inc`: FerretDB-safe.
 */
export interface LeaseDocument {
  _id: string;
  lease: string;
  term: number;
  holder: string;
  acquiredAt: Date;
  /** Renewed by the holder only (an update of its own term document). */
  expiresAt: Date;
}
