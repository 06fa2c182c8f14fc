const SCALE = 10_000n;

/** A decimal money string (`"19.99"`, up to 4 decimals) as an exact count of 1/10 000 units. */
export function toUnits(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '')) * SCALE + BigInt(fraction.padEnd(4, '0').slice(0, 4)));
}

/** Units back to a decimal string with 2 decimals, or up to 4 when they are needed. */
export function fromUnits(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const fraction = (abs % SCALE)
    .toString()
    .padStart(4, '0')
    .replace(/0{1,2}$/, '');
  return `${sign}${abs / SCALE}.${fraction.length < 2 ? fraction.padEnd(2, '0') : fraction}`;
}

/** Exact decimal addition of money strings (no floating point). */
export function addMoney(a: string, b: string): string {
  return fromUnits(toUnits(a) + toUnits(b));
}
