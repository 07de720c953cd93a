import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatTao,
  parseRao,
  parseTao,
  RAO_PER_TAO,
  raoToTaoString,
  taoToRao,
  UnitsError,
  type UnitsErrorCode,
} from './units';

function errorCodeOf(fn: () => unknown): UnitsErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnitsError) return error.code;
    throw error;
  }
  return undefined;
}

describe('parseTao', () => {
  it.each([
    ['1.5', 1_500_000_000n],
    ['1', RAO_PER_TAO],
    ['0', 0n],
    ['0.000000001', 1n],
    ['τ1.5', 1_500_000_000n],
    ['  τ2.25 ', 2_250_000_000n],
    ['.5', 500_000_000n],
    ['5.', 5n * RAO_PER_TAO],
    ['1_000.000_000_1', 1_000_000_000_100n],
    ['21000000.123456789', 21_000_000_123_456_789n],
    ['123456789012345678901234567890', 123456789012345678901234567890n * RAO_PER_TAO],
  ])('parses %j', (input, rao) => {
    expect(parseTao(input)).toBe(rao);
  });

  it('refuses more than 9 decimals instead of rounding', () => {
    expect(errorCodeOf(() => parseTao('1.0000000001'))).toBe('TooManyDecimals');
    expect(errorCodeOf(() => parseTao('0.1234567890'))).toBe('TooManyDecimals');
  });

  it.each([
    '',
    '.',
    'τ',
    'abc',
    '1.5.2',
    '1,5',
    '1,000',
    '1e9',
    '+1',
    '0x10',
    '1__0',
    '_1',
    '1 000',
    'τ-1',
    'NaN',
  ])('refuses %j as InvalidAmount', (input) => {
    expect(errorCodeOf(() => parseTao(input))).toBe('InvalidAmount');
  });

  it('names the bad input and the expected form', () => {
    expect(() => parseTao('1,5')).toThrow(/"1,5".*expected a TAO amount like "1\.5"/);
  });

  it('accepts negative amounts only when asked', () => {
    expect(errorCodeOf(() => parseTao('-1'))).toBe('NegativeAmount');
    expect(parseTao('-τ1.5', { allowNegative: true })).toBe(-1_500_000_000n);
    expect(parseTao('-0.000000001', { allowNegative: true })).toBe(-1n);
  });
});

describe('parseRao', () => {
  it('parses whole rao', () => {
    expect(parseRao('123')).toBe(123n);
    expect(parseRao(' 1_500_000_000 ')).toBe(1_500_000_000n);
    expect(parseRao('-5', { allowNegative: true })).toBe(-5n);
  });

  it('refuses fractions, signs and junk', () => {
    expect(errorCodeOf(() => parseRao('1.5'))).toBe('NotAnInteger');
    expect(errorCodeOf(() => parseRao('-5'))).toBe('NegativeAmount');
    expect(errorCodeOf(() => parseRao('τ5'))).toBe('InvalidAmount');
    expect(errorCodeOf(() => parseRao(''))).toBe('InvalidAmount');
  });
});

describe('taoToRao', () => {
  it('converts whole TAO from bigint or safe integer', () => {
    expect(taoToRao(2n)).toBe(2n * RAO_PER_TAO);
    expect(taoToRao(3)).toBe(3n * RAO_PER_TAO);
    expect(taoToRao(-1)).toBe(-RAO_PER_TAO);
  });

  it('refuses fractional and unsafe numbers', () => {
    expect(errorCodeOf(() => taoToRao(1.5))).toBe('NotAnInteger');
    expect(errorCodeOf(() => taoToRao(Number.NaN))).toBe('NotAnInteger');
    expect(errorCodeOf(() => taoToRao(2 ** 60))).toBe('NotAnInteger');
  });
});

describe('formatTao', () => {
  it.each([
    [1_500_000_000n, 'τ1.5'],
    [RAO_PER_TAO, 'τ1'],
    [0n, 'τ0'],
    [1n, 'τ0.000000001'],
    [-1_500_000_000n, '-τ1.5'],
    [123456789012345678901234567890123n, 'τ123456789012345678901234.567890123'],
  ])('formats %s rao as %s', (rao, text) => {
    expect(formatTao(rao)).toBe(text);
  });

  it('omits the symbol on request', () => {
    expect(formatTao(-2_000_000_001n, { symbol: false })).toBe('-2.000000001');
    expect(raoToTaoString(1_500_000_000n)).toBe('1.5');
  });

  it('pads or rounds half away from zero to fixed decimals', () => {
    expect(formatTao(1_500_000_000n, { decimals: 4 })).toBe('τ1.5000');
    expect(formatTao(1_234_550_000n, { decimals: 4 })).toBe('τ1.2346');
    expect(formatTao(-1_234_550_000n, { decimals: 4 })).toBe('-τ1.2346');
    expect(formatTao(1_999_999_999n, { decimals: 2 })).toBe('τ2.00');
    expect(formatTao(2_500_000_000n, { decimals: 0 })).toBe('τ3');
    expect(formatTao(1n, { decimals: 9 })).toBe('τ0.000000001');
  });

  it('never prints a negative zero', () => {
    expect(formatTao(-1n, { decimals: 2 })).toBe('τ0.00');
  });

  it('rejects a decimals option outside 0–9', () => {
    expect(() => formatTao(1n, { decimals: 10 })).toThrow(RangeError);
    expect(() => formatTao(1n, { decimals: 1.5 })).toThrow(RangeError);
  });
});

describe('round trips', () => {
  const anyRao = fc.bigInt({ min: -(2n ** 128n), max: 2n ** 128n });

  it('parseTao(formatTao(x)) === x', () => {
    fc.assert(
      fc.property(anyRao, fc.boolean(), (rao, symbol) => {
        expect(parseTao(formatTao(rao, { symbol }), { allowNegative: true })).toBe(rao);
      }),
    );
  });

  it('parseTao(formatTao(x, { decimals: 9 })) === x', () => {
    fc.assert(
      fc.property(anyRao, (rao) => {
        expect(parseTao(formatTao(rao, { decimals: 9 }), { allowNegative: true })).toBe(rao);
      }),
    );
  });

  it('parseRao(x.toString()) === x', () => {
    fc.assert(
      fc.property(anyRao, (rao) => {
        expect(parseRao(rao.toString(), { allowNegative: true })).toBe(rao);
      }),
    );
  });
});
