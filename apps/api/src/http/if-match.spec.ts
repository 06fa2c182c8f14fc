import { InvalidRequestError } from '../errors/invalid-request.error';
import { parseIfMatch, revisionEtag } from './if-match';

describe('parseIfMatch', () => {
  it.each([
    ['3', 3],
    ['"3"', 3],
    ['W/"12"', 12],
    [' 0 ', 0],
  ])('reads %s as revision %d', (header, revision) => {
    expect(parseIfMatch(header)).toBe(revision);
  });

  it('means "no expectation" without the header', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('')).toBeUndefined();
  });

  it.each(['*', '-1', '"a"', '1, 2', '1.5'])(
    'refuses %s with an InvalidRequestError on If-Match',
    (header) => {
      expect(() => parseIfMatch(header)).toThrow(InvalidRequestError);
      try {
        parseIfMatch(header);
      } catch (err) {
        expect((err as InvalidRequestError).failures.map((f) => f.field)).toEqual(['If-Match']);
      }
    },
  );

  it('round-trips the ETag it hands out', () => {
    expect(parseIfMatch(revisionEtag(41))).toBe(41);
  });
});
