/**
 * The `bt_header_*` header set of `Synapse.to_headers()` and its parse (reference/bittensor-sdk.md
 * §1.3). Header names are lowercase with underscores, in Python's order: `name`, `timeout`, the
 * axon's fields, the dendrite's, `bt_header_input_obj_<required field>`, `header_size`,
 * `total_size`, `computed_body_hash`.
 */
import { KindGuard, type TSchema } from '@sinclair/typebox';
import { ProtocolError } from './errors';
import { pythonFloatRepr } from './python-str';
import {
  TERMINAL_FIELD_KINDS,
  TERMINAL_FIELDS,
  type TerminalField,
  type TerminalInfo,
} from './terminal-info';

export const AXON_HEADER_PREFIX = 'bt_header_axon_';
export const DENDRITE_HEADER_PREFIX = 'bt_header_dendrite_';
export const INPUT_OBJ_HEADER_PREFIX = 'bt_header_input_obj_';

/** What `encodeHeaders` writes. */
export interface SynapseHeaders {
  name: string;
  /** Seconds; written as Python prints a float (`12.0`). */
  timeout: number;
  axon: TerminalInfo;
  dendrite: TerminalInfo;
  /** `bt_header_input_obj_<field>` values (see `inputObjectPlaceholder`), in field order. */
  inputObjects?: Readonly<Record<string, string>>;
  /** Bytes of the body; informational, as in Python. */
  totalSize?: number;
  computedBodyHash: string;
}

/** What `decodeHeaders` reads; absent headers are absent fields. */
export interface DecodedHeaders {
  name?: string;
  timeout?: number;
  axon: TerminalInfo;
  dendrite: TerminalInfo;
  computedBodyHash?: string;
}

/** Node's `IncomingHttpHeaders` and undici's response headers both fit. */
export type HeaderSource = Readonly<Record<string, string | readonly string[] | undefined>>;

export function encodeHeaders(source: SynapseHeaders): Record<string, string> {
  const headers: Record<string, string> = {
    name: source.name,
    timeout: pythonFloatRepr(source.timeout),
  };
  writeTerminal(headers, AXON_HEADER_PREFIX, source.axon);
  writeTerminal(headers, DENDRITE_HEADER_PREFIX, source.dendrite);
  for (const [field, value] of Object.entries(source.inputObjects ?? {})) {
    headers[`${INPUT_OBJ_HEADER_PREFIX}${field}`] = value;
  }
  // Python sends sys.getsizeof(headers), a number with no meaning outside CPython; ours is bytes.
  headers.header_size = String(headerBytes(headers));
  headers.total_size = String(source.totalSize ?? 0);
  headers.computed_body_hash = source.computedBodyHash;
  return headers;
}

/**
 * Parses the synapse headers of a request or response. Throws `ProtocolError('InvalidHeader')`
 * naming the header when a value does not parse (a number that is not one, a repeated header).
 */
export function decodeHeaders(headers: HeaderSource): DecodedHeaders {
  const decoded: DecodedHeaders = { axon: {}, dendrite: {} };
  const name = single(headers, 'name');
  if (name !== undefined) decoded.name = name;
  const timeout = single(headers, 'timeout');
  if (timeout !== undefined) decoded.timeout = parseTimeout(timeout);
  const computedBodyHash = single(headers, 'computed_body_hash');
  if (computedBodyHash !== undefined) decoded.computedBodyHash = computedBodyHash;
  readTerminal(headers, AXON_HEADER_PREFIX, decoded.axon);
  readTerminal(headers, DENDRITE_HEADER_PREFIX, decoded.dendrite);
  return decoded;
}

/**
 * base64 of `json.dumps(type(value)())`: the empty value of the field's Python type (`0`, `0.0`,
 * `""`, `false`, `[]`, `{}`), which the Python axon needs to build a synapse from headers alone.
 * The real value travels only in the body. `undefined` for None, which Python skips; with no
 * value at all (`undefined`) the schema's type decides.
 */
export function inputObjectPlaceholder(value: unknown, schema: TSchema): string | undefined {
  const json = emptyJsonOf(value, schema);
  return json === undefined ? undefined : Buffer.from(json, 'utf8').toString('base64');
}

/** The `bt_header_input_obj_*` values of a synapse's required fields. */
export function inputObjects(
  requiredFields: readonly string[],
  schemas: Readonly<Record<string, TSchema>>,
  values: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of requiredFields) {
    const schema = schemas[field];
    const placeholder = schema ? inputObjectPlaceholder(values[field], schema) : undefined;
    if (placeholder !== undefined) out[field] = placeholder;
  }
  return out;
}

/** Header values are Latin-1 without CR/LF; anything else becomes `?` rather than a crash. */
export function headerSafe(text: string): string {
  return text.replace(/[^\t\x20-\x7e]/g, '?');
}

function emptyJsonOf(value: unknown, schema: TSchema): string | undefined {
  if (value === null) return undefined;
  if (value === undefined) return emptyJsonOfSchema(schema);
  if (typeof value === 'string') return '""';
  if (typeof value === 'boolean') return 'false';
  if (typeof value === 'number') {
    return KindGuard.IsNumber(schema) || !Number.isInteger(value) ? '0.0' : '0';
  }
  if (Array.isArray(value)) return '[]';
  return '{}';
}

/** Without a value (an error response built from headers alone), the schema decides. */
function emptyJsonOfSchema(schema: TSchema): string | undefined {
  if (KindGuard.IsString(schema)) return '""';
  if (KindGuard.IsInteger(schema)) return '0';
  if (KindGuard.IsNumber(schema)) return '0.0';
  if (KindGuard.IsBoolean(schema)) return 'false';
  if (KindGuard.IsArray(schema) || KindGuard.IsTuple(schema)) return '[]';
  if (KindGuard.IsObject(schema) || KindGuard.IsRecord(schema)) return '{}';
  if (KindGuard.IsLiteral(schema)) return emptyJsonOf(schema.const, schema);
  if (KindGuard.IsUnion(schema)) {
    for (const member of schema.anyOf) {
      const json = emptyJsonOfSchema(member);
      if (json !== undefined) return json;
    }
  }
  return undefined;
}

function writeTerminal(headers: Record<string, string>, prefix: string, info: TerminalInfo): void {
  for (const field of TERMINAL_FIELDS) {
    const value = info[field];
    if (value === undefined) continue;
    headers[`${prefix}${field}`] =
      TERMINAL_FIELD_KINDS[field] === 'float' ? pythonFloatRepr(Number(value)) : headerSafe(String(value));
  }
}

function headerBytes(headers: Readonly<Record<string, string>>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(headers)) bytes += key.length + value.length + 4;
  return bytes;
}

const TERMINAL_FIELD_SET: ReadonlySet<string> = new Set(TERMINAL_FIELDS);
const INTEGER = /^\s*[+-]?\d+\s*$/;
const UNSIGNED = /^\s*\+?\d+\s*$/;
const FLOAT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function readTerminal(headers: HeaderSource, prefix: string, into: TerminalInfo): void {
  for (const key of Object.keys(headers)) {
    if (!key.startsWith(prefix)) continue;
    const field = key.slice(prefix.length);
    if (!TERMINAL_FIELD_SET.has(field)) continue;
    const raw = single(headers, key);
    if (raw === undefined) continue;
    setTerminalField(into, field as TerminalField, parseTerminalValue(key, field as TerminalField, raw));
  }
}

function setTerminalField(info: TerminalInfo, field: TerminalField, value: string | number | bigint): void {
  (info as Record<TerminalField, unknown>)[field] = value;
}

function parseTerminalValue(key: string, field: TerminalField, raw: string): string | number | bigint {
  switch (TERMINAL_FIELD_KINDS[field]) {
    case 'string':
      return raw;
    case 'bigint':
      if (!UNSIGNED.test(raw)) throw invalid(key, raw, 'a non-negative integer (nanoseconds)');
      return BigInt(raw.trim());
    case 'int': {
      const value = Number(raw);
      if (!INTEGER.test(raw) || !Number.isSafeInteger(value)) throw invalid(key, raw, 'an integer');
      return value;
    }
    case 'float': {
      const value = Number(raw);
      if (!FLOAT.test(raw) || !Number.isFinite(value)) throw invalid(key, raw, 'a number');
      return value;
    }
  }
}

function parseTimeout(raw: string): number {
  const value = Number(raw);
  if (!FLOAT.test(raw) || !Number.isFinite(value) || value <= 0) {
    throw invalid('timeout', raw, 'a positive number of seconds');
  }
  return value;
}

function single(headers: HeaderSource, key: string): string | undefined {
  const value = headers[key];
  if (value === undefined || typeof value === 'string') return value;
  if (value.length === 1) return value[0];
  throw new ProtocolError('InvalidHeader', `Header ${key} is given ${value.length} times; send it once.`);
}

function invalid(key: string, raw: string, expected: string): ProtocolError {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return new ProtocolError(
    'InvalidHeader',
    `Header ${key} is ${JSON.stringify(shown)}, expected ${expected}.`,
  );
}
