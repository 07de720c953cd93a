/**
 * TAO and rao amounts. Money is a `bigint` count of rao everywhere; TAO exists only as text,
 * for people to read and type. Nothing here goes through a float.
 *
 * `Rao` is a plain alias of `bigint`, not a branded type: every bigint amount in the project is
 * rao (there is no bigint TAO to confuse it with), `bigint` already refuses to mix with `number`,
 * and a brand would be lost on every `a + b`, forcing casts into all arithmetic.
 */
export type Rao = bigint;

export const TAO_DECIMALS = 9;
export const RAO_PER_TAO: Rao = 1_000_000_000n;
export const TAO_SYMBOL = 'τ';

export type UnitsErrorCode = 'InvalidAmount' | 'TooManyDecimals' | 'NegativeAmount' | 'NotAnInteger';

export class UnitsError extends Error {
  override readonly name = 'UnitsError';

  constructor(
    readonly code: UnitsErrorCode,
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ParseOptions {
  /** Accept a leading `-`. Off by default: amounts a user types are transfers and stakes. */
  allowNegative?: boolean;
}

const TAO_FORM = `a TAO amount like "1.5", "τ0.000000001" or "1_000" (at most ${TAO_DECIMALS} decimals)`;
const RAO_FORM = 'a whole number of rao like "1500000000" or "1_500_000_000"';

// `_` groups digits as in JS literals. `,` is refused: it is the decimal point in many locales,
// so "1,5" could mean 1.5 or 15 TAO, and a wrong guess about money is worse than an error.
const DIGITS = '\\d+(?:_\\d+)*';
const TAO_PATTERN = new RegExp(`^(-?)${TAO_SYMBOL}?(${DIGITS})?(?:\\.(${DIGITS})?)?$`, 'u');
const RAO_PATTERN = new RegExp(`^(-?)(${DIGITS})$`);

/** Parses a TAO amount typed by a person ("1.5", "τ1.5", " 1_000.25 ") into rao, exactly. */
export function parseTao(input: string, options: ParseOptions = {}): Rao {
  const match = TAO_PATTERN.exec(input.trim());
  const [, sign = '', whole = '', fraction = ''] = match ?? [];
  if (!match || (whole === '' && fraction === '')) {
    throw new UnitsError(
      'InvalidAmount',
      input,
      `Invalid TAO amount ${JSON.stringify(input)}: expected ${TAO_FORM}`,
    );
  }
  const fractionDigits = fraction.replaceAll('_', '');
  if (fractionDigits.length > TAO_DECIMALS) {
    throw new UnitsError(
      'TooManyDecimals',
      input,
      `Invalid TAO amount ${JSON.stringify(input)}: ${fractionDigits.length} decimals, but 1 rao is ` +
        `0.000000001 TAO so at most ${TAO_DECIMALS} are allowed`,
    );
  }
  const magnitude =
    BigInt(whole.replaceAll('_', '') || '0') * RAO_PER_TAO + BigInt(fractionDigits.padEnd(TAO_DECIMALS, '0'));
  return applySign(sign, magnitude, input, options);
}

/** Parses a whole number of rao ("123", "1_000_000_000"). */
export function parseRao(input: string, options: ParseOptions = {}): Rao {
  const match = RAO_PATTERN.exec(input.trim());
  if (!match) {
    const code = /^-?[\d_]*\.\d/.test(input.trim()) ? 'NotAnInteger' : 'InvalidAmount';
    throw new UnitsError(code, input, `Invalid rao amount ${JSON.stringify(input)}: expected ${RAO_FORM}`);
  }
  const [, sign = '', digits = ''] = match;
  return applySign(sign, BigInt(digits.replaceAll('_', '')), input, options);
}

function applySign(sign: string, magnitude: Rao, input: string, options: ParseOptions): Rao {
  if (sign === '') return magnitude;
  if (!options.allowNegative) {
    throw new UnitsError(
      'NegativeAmount',
      input,
      `Invalid amount ${JSON.stringify(input)}: negative amounts are not allowed here`,
    );
  }
  return -magnitude;
}

/** Converts a whole number of TAO to rao. Fractions must come in as text: use `parseTao("1.5")`. */
export function taoToRao(tao: bigint | number): Rao {
  if (typeof tao === 'bigint') return tao * RAO_PER_TAO;
  if (!Number.isSafeInteger(tao)) {
    throw new UnitsError(
      'NotAnInteger',
      String(tao),
      `taoToRao(${tao}): expected a whole number of TAO; pass fractional amounts as text to parseTao`,
    );
  }
  return BigInt(tao) * RAO_PER_TAO;
}

export interface FormatTaoOptions {
  /** Prefix `τ`. Default true. */
  symbol?: boolean;
  /**
   * Exactly this many decimals (0–9), rounding half away from zero when that drops digits —
   * for tables only, since the result no longer parses back to the same amount. By default
   * every significant decimal is shown and trailing zeros are trimmed, which is exact.
   */
  decimals?: number;
}

/** Renders rao as TAO: `τ1.5`, `-τ0.000000001`, `τ21000000` — exact unless `decimals` asks otherwise. */
export function formatTao(rao: Rao, options: FormatTaoOptions = {}): string {
  const { symbol = true, decimals } = options;
  const magnitude = rao < 0n ? -rao : rao;
  const digits = decimals === undefined ? trimmedDecimals(magnitude) : fixedDecimals(magnitude, decimals);
  const isZero = /^[0.]*$/.test(digits);
  return (rao < 0n && !isZero ? '-' : '') + (symbol ? TAO_SYMBOL : '') + digits;
}

/** Rao as a plain TAO decimal string ("1.5", "-0.000000001"), exact and without the symbol. */
export function raoToTaoString(rao: Rao): string {
  return formatTao(rao, { symbol: false });
}

function trimmedDecimals(magnitude: Rao): string {
  const whole = magnitude / RAO_PER_TAO;
  const fraction = (magnitude % RAO_PER_TAO).toString().padStart(TAO_DECIMALS, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

function fixedDecimals(magnitude: Rao, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > TAO_DECIMALS) {
    throw new RangeError(`formatTao: decimals must be an integer from 0 to ${TAO_DECIMALS}, got ${decimals}`);
  }
  const unit = 10n ** BigInt(TAO_DECIMALS - decimals);
  const rounded = (magnitude + unit / 2n) / unit;
  if (decimals === 0) return rounded.toString();
  const scale = 10n ** BigInt(decimals);
  return `${rounded / scale}.${(rounded % scale).toString().padStart(decimals, '0')}`;
}
