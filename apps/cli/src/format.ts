/** `12,345`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
