import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEpoch } from './epoch';
import { parseSnapshot } from './snapshot';

interface SampleRecord {
  label: string;
  input: unknown;
  expected: { fixed: Record<string, unknown>; float64: Record<string, unknown> };
}

const SAMPLE_FILES = ['small_hand_checkable.json'];

function loadRecords(file: string): SampleRecord[] {
  const url = new URL(`../test/samples/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { epochs: SampleRecord[] }).epochs;
}

/** Paths of every leaf where `actual` differs from `expected` beyond the tolerance. */
function mismatches(actual: unknown, expected: unknown, tolerance: number, path = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: length`];
    return expected.flatMap((e, i) => mismatches(actual[i], e, tolerance, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    return Object.entries(expected).flatMap(([k, e]) =>
      mismatches((actual as Record<string, unknown>)[k], e, tolerance, `${path}.${k}`),
    );
  }
  if (typeof expected === 'number' && (typeof actual === 'number' || typeof actual === 'bigint')) {
    const a = Number(actual);
    // Integers (u16, rao, uids) may differ by one unit in float64 mode; values in [0, 1] by `tolerance`.
    const allowed =
      tolerance === 0 ? 0 : Number.isInteger(expected) && Math.abs(expected) > 1 ? 1 : tolerance;
    return Math.abs(a - expected) <= allowed ? [] : [`${path}: ${a} ≠ ${expected}`];
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${String(actual)} ≠ ${String(expected)}`];
}

describe.each(SAMPLE_FILES)('Yuma samples %s', (file) => {
  const records = loadRecords(file);
  it.each(records.map((r, i) => [i, r.label, r] as const))(
    'record %i (%s): exact mode equals expected.fixed bit for bit',
    (_i, _label, record) => {
      const out = runEpoch(parseSnapshot(record.input), 'exact');
      expect(mismatches(out, record.expected.fixed, 0)).toEqual([]);
    },
  );
  it.each(records.map((r, i) => [i, r.label, r] as const))(
    'record %i (%s): float64 mode is within 1e-9 of expected.float64',
    (_i, _label, record) => {
      const out = runEpoch(parseSnapshot(record.input), 'float64');
      expect(mismatches(out, record.expected.float64, 1e-9)).toEqual([]);
    },
  );
});
