const BIGINT_MARK = '\u0000bigint:';

/**
 * JSON text with bigint values written as plain JSON numbers, digit for digit: rao amounts can pass
 * 2^53, and a consumer that parses big numbers (Python's json, serde) reads them back exactly.
 */
export function stringifyWithBigInt(value: unknown, indent?: number): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v}` : v),
    indent,
  );
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}
