/**
 * `TerminalInfo` (reference/bittensor-sdk.md §1.1): what one end of a call says about itself.
 * Field names are the wire's (snake_case), since they become `bt_header_<side>_<field>` headers and
 * JSON keys; the field order is the order headers are written in.
 */

export interface TerminalInfo {
  status_code?: number;
  status_message?: string;
  /** Seconds. */
  process_time?: number;
  ip?: string;
  port?: number;
  version?: number;
  /** Unix time in nanoseconds (`time.time_ns()`): past 2^53, so a bigint. */
  nonce?: bigint;
  uuid?: string;
  hotkey?: string;
  /** `0x` + hex sr25519 signature. */
  signature?: string;
}

export type TerminalField = keyof TerminalInfo;

export const TERMINAL_FIELDS = [
  'status_code',
  'status_message',
  'process_time',
  'ip',
  'port',
  'version',
  'nonce',
  'uuid',
  'hotkey',
  'signature',
] as const satisfies readonly TerminalField[];

export type TerminalFieldKind = 'int' | 'bigint' | 'float' | 'string';

export const TERMINAL_FIELD_KINDS: Readonly<Record<TerminalField, TerminalFieldKind>> = {
  status_code: 'int',
  status_message: 'string',
  process_time: 'float',
  ip: 'string',
  port: 'int',
  version: 'int',
  nonce: 'bigint',
  uuid: 'string',
  hotkey: 'string',
  signature: 'string',
};

/** `version_as_int` of a `major.minor.patch` version: Σ part·1000^i (10.2.0 → 10002000). */
export function versionAsInt(version: string): number {
  const parts = version.split('.').map((part) => Number.parseInt(part, 10));
  const [major = 0, minor = 0, patch = 0] = parts;
  return major * 1_000_000 + minor * 1_000 + patch;
}

/** The protocol version we speak and announce: bittensor 10.2.0's. */
export const PROTOCOL_VERSION = versionAsInt('10.2.0');

/** Values of `b` that are set win over `a`'s, as the Python dendrite merges response headers. */
export function mergeTerminalInfo(a: TerminalInfo, b: TerminalInfo): TerminalInfo {
  const merged: TerminalInfo = { ...a };
  for (const field of TERMINAL_FIELDS) {
    const value = b[field];
    if (value !== undefined) Object.assign(merged, { [field]: value });
  }
  return merged;
}

/**
 * A `TerminalInfo` from a JSON body's `dendrite`/`axon` dict, leniently: fields of the wrong type
 * are dropped (headers, parsed strictly, are the authority). Nonces in JSON lose precision past
 * 2^53, so the response headers' nonce must win over this one.
 */
export function terminalInfoFromJson(value: unknown): TerminalInfo {
  if (typeof value !== 'object' || value === null) return {};
  const source = value as Record<string, unknown>;
  const info: TerminalInfo = {};
  for (const field of TERMINAL_FIELDS) {
    const raw = source[field];
    const kind = TERMINAL_FIELD_KINDS[field];
    if (kind === 'string' && typeof raw === 'string') Object.assign(info, { [field]: raw });
    else if (kind === 'int' && Number.isSafeInteger(raw)) Object.assign(info, { [field]: raw });
    else if (kind === 'float' && typeof raw === 'number' && Number.isFinite(raw)) {
      Object.assign(info, { [field]: raw });
    } else if (kind === 'bigint' && typeof raw === 'number' && Number.isInteger(raw)) {
      info.nonce = BigInt(raw);
    }
  }
  return info;
}
