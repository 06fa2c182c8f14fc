/**
 * AMQP topic matching: `*` matches exactly one word, `#` zero or more, words separated by dots.
 * Used to route a delivered message to `@OnEvent({ pattern })` and `@EventPattern('order.*')` handlers.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return match(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function match(p: string[], i: number, k: string[], j: number): boolean {
  if (i === p.length) return j === k.length;
  const word = p[i];
  if (word === '#') {
    for (let skip = j; skip <= k.length; skip++) if (match(p, i + 1, k, skip)) return true;
    return false;
  }
  if (j === k.length) return false;
  return (word === '*' || word === k[j]) && match(p, i + 1, k, j + 1);
}
