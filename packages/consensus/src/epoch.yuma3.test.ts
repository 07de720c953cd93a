import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EpochMode } from './arithmetic';
import { runEpoch } from './epoch';
import { type EpochOutputs, type EpochSnapshotJson, type Hyperparameters, parseSnapshot } from './snapshot';
import { maxUpscaleToU16 } from './weight-encoding';

/**
 * Yuma 3, liquid alpha and two Yuma bond tests, replayed from Subtensor's own Rust epoch tests
 * (test/samples/subtensor_yuma3_tests.json; its `meta` says where each case comes from and how
 * the epoch snapshots were reconstructed). Each case is a chain of epochs: the stored bonds and
 * new permits of one epoch are the next epoch's inputs, exactly as the chain's storage carries them.
 */

interface WeightSetting {
  uid: number;
  block: number;
  uids: number[];
  submitted: number[];
  stored: number[];
}

type Triple = [number, number, number];
type Pair = [number, number];

interface Expected {
  /** Yuma 3 tests: dividend proportions per uid (Rust compares the stored u16 / 65535). */
  dividends?: number[];
  /** Yuma 3 tests: bond proportions, rows = validators 0.., columns = `bond_columns`. */
  bonds?: number[][];
  /** Exact-integer tests: [uid, u16]. */
  dividends_u16?: Pair[];
  /** Exact-integer tests: [uid, rao] of the stored Emission (combined emission). */
  emission_rao?: Pair[];
  /** Exact-integer tests: [row, column, stored u16]; an absent bond entry is 0. */
  bonds_u16?: Triple[];
}

interface EpochStep {
  label: string;
  current_block: number;
  set_weights?: WeightSetting[];
  reset_bonds_column?: number;
  hyper_changes?: Partial<Hyperparameters>;
  expected?: Expected;
}

interface Tolerance {
  dividends?: number;
  bonds?: number;
  bonds_strict?: number;
  exact?: number;
  float64_u16?: number;
  float64_rao?: number;
}

interface Case {
  name: string;
  source: { repo: string; path: string; commit: string; function: string };
  engine: 'yuma3' | 'yuma';
  tolerance: Tolerance;
  bond_columns?: number[];
  initial: EpochSnapshotJson;
  epochs: EpochStep[];
}

const FILE = new URL('../test/samples/subtensor_yuma3_tests.json', import.meta.url);
const { cases } = JSON.parse(readFileSync(FILE, 'utf8')) as { cases: Case[] };

interface ChainedEpoch {
  step: EpochStep;
  input: EpochSnapshotJson;
  output: EpochOutputs;
}

/** Runs the case's epochs in order, feeding each epoch's stored bonds and permits into the next. */
function runChain(c: Case, mode: EpochMode): ChainedEpoch[] {
  let input: EpochSnapshotJson = structuredClone(c.initial);
  let previous: EpochOutputs | null = null;
  const chain: ChainedEpoch[] = [];
  for (const step of c.epochs) {
    const weights = input.weights.map((row) => [...row]);
    const lastUpdate = [...input.last_update];
    for (const set of step.set_weights ?? []) {
      weights[set.uid] = set.uids.map((target, k): [number, number] => [target, set.stored[k]!]);
      lastUpdate[set.uid] = set.block;
    }
    let bonds = previous ? previous.new_bonds : input.bonds;
    if (step.reset_bonds_column !== undefined) {
      const column = step.reset_bonds_column;
      bonds = bonds.map((row) => row.filter(([j]) => j !== column));
    }
    input = {
      ...input,
      current_block: step.current_block,
      last_update: lastUpdate,
      weights,
      bonds,
      validator_permit: previous ? previous.new_validator_permit : input.validator_permit,
      hyper: { ...input.hyper, ...step.hyper_changes },
    };
    const output = runEpoch(parseSnapshot(input), mode);
    chain.push({ step, input, output });
    previous = output;
  }
  return chain;
}

function storedBond(output: EpochOutputs, row: number, column: number): number {
  return output.new_bonds[row]?.find(([j]) => j === column)?.[1] ?? 0;
}

interface Comparison {
  what: string;
  actual: number;
  expected: number;
  tolerance: number;
}

/** Every value the Rust test expects for one epoch, paired with what the port computed. */
function comparisons(c: Case, { step, output }: ChainedEpoch, mode: EpochMode): Comparison[] {
  const e = step.expected;
  if (!e) return [];
  const t = c.tolerance;
  const out: Comparison[] = [];
  const at = step.label;
  e.dividends?.forEach((expected, uid) => {
    // What Rust reads (the stored u16 as a proportion) and the unquantised dividend behind it.
    out.push({
      what: `${at} u16 dividend[${uid}]/65535`,
      actual: output.u16.dividends[uid]! / 65535,
      expected,
      tolerance: t.dividends!,
    });
    out.push({
      what: `${at} dividend[${uid}]`,
      actual: output.dividends[uid]!,
      expected,
      tolerance: t.dividends!,
    });
  });
  e.bonds?.forEach((row, i) => {
    row.forEach((expected, k) => {
      const column = c.bond_columns![k]!;
      const actual = storedBond(output, i, column) / 65535;
      out.push({ what: `${at} bond[${i}][${column}]`, actual, expected, tolerance: t.bonds! });
      out.push({
        what: `${at} bond[${i}][${column}] (strict)`,
        actual,
        expected,
        tolerance: t.bonds_strict!,
      });
    });
  });
  const u16Tolerance = mode === 'exact' ? t.exact! : t.float64_u16!;
  const raoTolerance = mode === 'exact' ? t.exact! : t.float64_rao!;
  for (const [uid, expected] of e.dividends_u16 ?? []) {
    out.push({
      what: `${at} u16 dividend[${uid}]`,
      actual: output.u16.dividends[uid]!,
      expected,
      tolerance: u16Tolerance,
    });
  }
  for (const [uid, expected] of e.emission_rao ?? []) {
    const actual = Number(output.combined_emission[uid]!);
    out.push({ what: `${at} emission[${uid}] (rao)`, actual, expected, tolerance: raoTolerance });
  }
  for (const [i, j, expected] of e.bonds_u16 ?? []) {
    out.push({
      what: `${at} u16 bond[${i}][${j}]`,
      actual: storedBond(output, i, j),
      expected,
      tolerance: u16Tolerance,
    });
  }
  return out;
}

/** The number of target values the Rust test lists for this case (guards against comparing nothing). */
function targetCount(c: Case): number {
  return c.epochs.reduce((sum, { expected: e }) => {
    if (!e) return sum;
    const bonds = (e.bonds ?? []).reduce((s, row) => s + row.length, 0);
    const ints = (e.dividends_u16?.length ?? 0) + (e.emission_rao?.length ?? 0) + (e.bonds_u16?.length ?? 0);
    return sum + (e.dividends?.length ?? 0) + bonds + ints;
  }, 0);
}

function failures(list: Comparison[]): string[] {
  return list
    .filter(({ actual, expected, tolerance }) => !(Math.abs(actual - expected) <= tolerance))
    .map(({ what, actual, expected, tolerance }) => `${what}: ${actual} vs ${expected} (±${tolerance})`);
}

describe.each(cases.map((c) => [c.source.function, c] as const))('Subtensor %s', (_name, c) => {
  it('stores each submitted weight row max-upscaled, as set_weights does', () => {
    for (const step of c.epochs) {
      for (const set of step.set_weights ?? []) {
        expect(set.stored, `${step.label} uid ${set.uid}`).toEqual(maxUpscaleToU16(set.submitted));
      }
    }
  });

  it.each(['exact', 'float64'] as const)('%s mode reproduces every value the Rust test expects', (mode) => {
    const chain = runChain(c, mode);
    const list = chain.flatMap((epoch) => comparisons(c, epoch, mode));
    // Dividends and Yuma 3 bonds are compared twice (see `comparisons`), the integers once.
    const doubled = c.engine === 'yuma3' ? 2 : 1;
    expect(list.length).toBe(targetCount(c) * doubled);
    expect(failures(list)).toEqual([]);
  });

  it('runs Yuma 3 (and liquid alpha when enabled) only where the case says so', () => {
    const chain = runChain(c, 'exact');
    for (const { step, input, output } of chain.slice(1)) {
      expect(input.hyper.yuma3, step.label).toBe(c.engine === 'yuma3');
      // Liquid alpha needs a non-zero consensus somewhere; every checked epoch here has one.
      expect(output.liquid_alpha_used, step.label).toBe(input.hyper.yuma3 && input.hyper.liquid_alpha);
    }
  });
});

describe('Subtensor Rust epoch tests: coverage', () => {
  it('compares all 555 target values listed by the nine Rust tests', () => {
    expect(cases.map((c) => c.source.function)).toEqual([
      'test_yuma_3_kappa_moves_first',
      'test_yuma_3_kappa_moves_second',
      'test_yuma_3_kappa_moves_last',
      'test_yuma_3_one_epoch_switch',
      'test_yuma_3_liquid_alpha_disabled',
      'test_yuma_3_stable_miner',
      'test_yuma_3_bonds_reset',
      'test_bonds',
      'test_active_stake',
    ]);
    expect(cases.reduce((sum, c) => sum + targetCount(c), 0)).toBe(555);
  });
});
