const WORD = /^[A-Za-z0-9_-]+$/;

/**
 * Why a topic binding pattern is invalid, or `undefined` when it is fine. Patterns are dot-separated
 * words; a word is `*` (exactly one word), `#` (zero or more words) or letters, digits, `_` and `-`.
 * RabbitMQ itself would accept `order*` and treat the star literally; we refuse it, it is always a typo.
 */
export function routingPatternProblem(pattern: string): string | undefined {
  if (pattern === '') return 'is empty';
  for (const word of pattern.split('.')) {
    if (word === '') return 'has an empty word (two dots in a row, or a dot at an end)';
    if (word === '*' || word === '#') continue;
    if (!WORD.test(word)) {
      return word.includes('*') || word.includes('#')
        ? `mixes a wildcard into the word "${word}" (a wildcard must be a whole word)`
        : `has an invalid word "${word}" (letters, digits, "_" and "-" only)`;
    }
  }
  return undefined;
}

/** Why an event type (a concrete routing key) is invalid, or `undefined`: no wildcards allowed. */
export function routingKeyProblem(key: string): string | undefined {
  const problem = routingPatternProblem(key);
  if (problem) return problem;
  if (key.split('.').some((w) => w === '*' || w === '#')) return 'contains a wildcard';
  return undefined;
}

/** Whether a topic pattern matches a routing key, with RabbitMQ's topic exchange semantics. */
export function topicMatches(pattern: string, key: string): boolean {
  const p = pattern.split('.');
  const k = key.split('.');
  const match = (i: number, j: number): boolean => {
    if (i === p.length) return j === k.length;
    if (p[i] === '#') {
      for (let n = j; n <= k.length; n++) if (match(i + 1, n)) return true;
      return false;
    }
    if (j === k.length) return false;
    return (p[i] === '*' || p[i] === k[j]) && match(i + 1, j + 1);
  };
  return match(0, 0);
}
