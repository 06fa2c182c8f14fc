import { InvalidRequestError } from '../errors/invalid-request.error';

/**
 * The expected revision an `If-Match` header asks for: `3`, `"3"` or `W/"3"` (the ETag `GET /orders/:id`
 * returns); `undefined` without the header.
 * @throws InvalidRequestError when the header is not one revision
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) {
    throw new InvalidRequestError([
      { field: 'If-Match', constraints: ['If-Match must be one revision, e.g. "3"'] },
    ]);
  }
  return Number(match[1]);
}

/** The ETag of an order at a revision. */
export function revisionEtag(revision: number): string {
  return `"${revision}"`;
}
