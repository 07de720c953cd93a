/**
 * JSON with bigint: canonical text for hashing and signing (keys sorted, bigint as decimal string),
 * and a storage codec that round-trips bigint and Map exactly.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const BIGINT = '$bigint';
const MAP = '$map';

/** Storage text: bigint and Map survive a round trip (`{"$bigint":"…"}`, `{"$map":[[k,v]…]}`). */
export function encodeRecord(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (typeof raw === 'bigint') return { [BIGINT]: raw.toString() };
    if (raw instanceof Map) return { [MAP]: [...raw.entries()] };
    return v;
  });
}

export function decodeRecord<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o[BIGINT] === 'string' && Object.keys(o).length === 1) return BigInt(o[BIGINT]);
      if (Array.isArray(o[MAP]) && Object.keys(o).length === 1)
        return new Map(o[MAP] as [unknown, unknown][]);
    }
    return v;
  }) as T;
}
