/**
 * Python's `str()` of a pydantic-dumped field value, which is what the body hash digests
 * (reference/bittensor-sdk.md §1.4): `['a', 'b']`, `True`, `None`, `4.0`. The schema decides what
 * JSON cannot say: a `Type.Number()` field holding 4 is a Python float and prints `4.0`.
 */
import { Kind, KindGuard, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ProtocolError } from './errors';

/** `str(value)` as Python prints the field after `model_dump()`; `undefined` is a missing field. */
export function pythonStr(value: unknown, schema: TSchema): string {
  if (typeof value === 'string') return value;
  return pythonRepr(value, schema);
}

/** Python `repr(float)`: shortest round-trip digits, `.0` on whole numbers, `1e-05`, `1e+16`. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${head}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}

/** Python `repr(str)`: single quotes unless only double quotes avoid escaping, `\n`, `\x07`. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f || !NON_PRINTABLE.test(char)) out += char;
    else if (code < 0x100) out += `\\x${hex(code, 2)}`;
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

/**
 * Throws unless every value `schema` admits has a Python `str()` reproduced here: strings,
 * integers, floats, booleans, null, literals, and lists, dicts, models and unions of them.
 */
export function assertPythonPrintable(schema: TSchema, path: string): void {
  const nested = childSchemas(schema);
  if (nested === undefined) {
    throw new ProtocolError(
      'UnsupportedHashField',
      `Hash field ${path} has a type (${String(schema[Kind])}) whose ` +
        'Python str() is not reproduced, so its body hash would not match a Python peer. ' +
        'Use strings, integers, numbers, booleans, null, literals, arrays, records or objects of them.',
    );
  }
  nested.forEach((child) => {
    assertPythonPrintable(child, path);
  });
}

// Python's str.isprintable() is false for these categories (the space itself is printable).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

function pythonRepr(value: unknown, schema: TSchema): string {
  if (KindGuard.IsUnion(schema)) {
    const member = schema.anyOf.find((candidate) => Value.Check(candidate, value)) ?? schema.anyOf[0];
    return member ? pythonRepr(value, member) : String(value);
  }
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return pythonStringRepr(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    const isInt = KindGuard.IsInteger(schema) || (KindGuard.IsLiteral(schema) && Number.isInteger(value));
    return isInt && Number.isInteger(value) ? BigInt(value).toString() : pythonFloatRepr(value);
  }
  if (Array.isArray(value)) {
    const items = KindGuard.IsArray(schema) ? schema.items : UNKNOWN;
    return `[${value.map((item) => pythonRepr(item, items)).join(', ')}]`;
  }
  if (typeof value === 'object') return dictRepr(value as Record<string, unknown>, schema);
  return String(value);
}

/** A nested model dumps every declared field in declaration order; a dict keeps its own keys. */
function dictRepr(value: Record<string, unknown>, schema: TSchema): string {
  if (KindGuard.IsObject(schema)) {
    const entries = Object.entries(schema.properties).map(
      ([key, property]) => `${pythonStringRepr(key)}: ${pythonRepr(value[key], property)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  const valueSchema = KindGuard.IsRecord(schema)
    ? (Object.values(schema.patternProperties)[0] ?? UNKNOWN)
    : UNKNOWN;
  const entries = Object.entries(value).map(
    ([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item, valueSchema)}`,
  );
  return `{${entries.join(', ')}}`;
}

const UNKNOWN: TSchema = {} as TSchema;

/** The schemas a supported schema contains ([] for a leaf), or undefined when unsupported. */
function childSchemas(schema: TSchema): TSchema[] | undefined {
  if (
    KindGuard.IsString(schema) ||
    KindGuard.IsInteger(schema) ||
    KindGuard.IsNumber(schema) ||
    KindGuard.IsBoolean(schema) ||
    KindGuard.IsNull(schema) ||
    KindGuard.IsLiteral(schema)
  ) {
    return [];
  }
  if (KindGuard.IsArray(schema)) return [schema.items];
  if (KindGuard.IsObject(schema)) return Object.values(schema.properties);
  if (KindGuard.IsRecord(schema)) return Object.values(schema.patternProperties);
  if (KindGuard.IsUnion(schema)) return schema.anyOf;
  return undefined;
}
