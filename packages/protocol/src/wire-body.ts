/**
 * The JSON body: Python's `synapse.model_dump()`, the base fields first (`name`, `timeout`,
 * `total_size`, `header_size`, `dendrite`, `axon`, `computed_body_hash`), then the synapse's own
 * fields, unset ones as `null` (reference/bittensor-sdk.md §1.5). Nonces are written digit for
 * digit: JSON.stringify cannot write a bigint and a double would round a 19-digit nonce.
 */
import { pythonFloatRepr } from './python-str';
import { TERMINAL_FIELD_KINDS, TERMINAL_FIELDS, type TerminalInfo } from './terminal-info';

export interface SynapseBody {
  name: string;
  timeout: number;
  dendrite: TerminalInfo;
  axon: TerminalInfo;
  /** The synapse's own fields in order; `undefined` is written as `null`. */
  fields: Readonly<Record<string, unknown>>;
  /** Field names to write as `null` when absent from `fields` (unset response fields). */
  nullFields?: readonly string[];
}

/** Throws a TypeError when a field cannot be written as JSON (a bigint, a cycle). */
export function encodeSynapseBody(body: SynapseBody): string {
  const parts = [
    `"name":${JSON.stringify(body.name)}`,
    `"timeout":${pythonFloatRepr(body.timeout)}`,
    '"total_size":0',
    '"header_size":0',
    `"dendrite":${encodeTerminalInfo(body.dendrite)}`,
    `"axon":${encodeTerminalInfo(body.axon)}`,
    '"computed_body_hash":""',
  ];
  for (const [key, value] of Object.entries(body.fields)) {
    parts.push(`${JSON.stringify(key)}:${value === undefined ? 'null' : JSON.stringify(value)}`);
  }
  for (const key of body.nullFields ?? []) {
    if (!(key in body.fields)) parts.push(`${JSON.stringify(key)}:null`);
  }
  return `{${parts.join(',')}}`;
}

/** A `TerminalInfo` as pydantic dumps it: every field, `null` when unset. */
export function encodeTerminalInfo(info: TerminalInfo): string {
  const parts = TERMINAL_FIELDS.map((field) => {
    const value = info[field];
    if (value === undefined) return `"${field}":null`;
    if (TERMINAL_FIELD_KINDS[field] === 'float') return `"${field}":${pythonFloatRepr(Number(value))}`;
    if (typeof value === 'bigint') return `"${field}":${value.toString()}`;
    return `"${field}":${JSON.stringify(value)}`;
  });
  return `{${parts.join(',')}}`;
}

/**
 * The named own fields of a parsed body, `null` ones left out (Python's None is "not set").
 * Own only: a field named `constructor` must not find `Object.prototype`'s.
 */
export function pickFields(
  body: Readonly<Record<string, unknown>>,
  names: readonly string[],
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    if (!Object.hasOwn(body, name)) continue;
    const value = body[name];
    if (value !== undefined && value !== null) picked[name] = value;
  }
  return picked;
}
