/**
 * A stream name pattern: `*` matches any run of characters, `?` one character, everything else itself
 * (`order-*`, `order-2024-??-*`). Matches whole names.
 */
export function streamPattern(pattern: string): (stream: string) => boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 's');
  return (stream) => re.test(stream);
}
