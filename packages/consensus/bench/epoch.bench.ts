/**
 * Epoch benchmark: time of one Yuma epoch on synthetic subnets, both modes, both bond engines.
 * Usage: npm run bench -w @subnetkit/consensus [-- --quick]
 * Prints a table and writes bench/results/consensus-epoch.{json,md} at the repository root.
 */
import { seededRng } from '@subnetkit/core';
import { percentile, round, writeBenchResults } from '@subnetkit/core/bench';
import { runEpoch } from '../src/epoch';
import type { EpochSnapshot } from '../src/snapshot';

interface Scenario {
  name: string;
  validators: number;
  n: number;
  yuma3: boolean;
}

const quick = process.argv.includes('--quick');
const SCENARIOS: Scenario[] = [
  { name: '64 validators × 256 miners', validators: 64, n: 320, yuma3: false },
  { name: '64 validators × 256 miners', validators: 64, n: 320, yuma3: true },
  { name: '256 validators × 4096 uids', validators: 256, n: 4096, yuma3: false },
  { name: '256 validators × 4096 uids', validators: 256, n: 4096, yuma3: true },
];

/** Every validator weights every miner (the dense worst case) and holds bonds to all of them. */
function snapshotFor({ validators, n, yuma3 }: Scenario): EpochSnapshot {
  const rand = seededRng(42);
  const uids = Array.from({ length: n }, (_, i) => i);
  const isValidator = (i: number) => i < validators;
  const minerRow = (): [number, number][] => {
    const raw = uids.slice(validators).map((j): [number, number] => [j, 1 + Math.floor(rand() * 65534)]);
    const max = Math.max(...raw.map(([, w]) => w));
    return raw.map(([j, w]) => [j, Math.round((w * 65535) / max)]);
  };
  return {
    n,
    current_block: 10_000,
    tempo: 360,
    last_mechanism_step_block: 9_640,
    activity_cutoff: 5_000,
    last_update: uids.map(() => 9_900),
    block_at_registration: uids.map(() => 0),
    stake_alpha: uids.map((i) =>
      isValidator(i) ? BigInt(1 + Math.floor(rand() * 100_000)) * 10n ** 9n : 0n,
    ),
    stake_threshold: 0n,
    owner_uid: null,
    validator_permit: uids.map(isValidator),
    max_allowed_validators: validators,
    weights: uids.map((i) => (isValidator(i) ? minerRow() : [])),
    bonds: uids.map((i) => (isValidator(i) ? minerRow() : [])),
    hyper: {
      kappa: 32767,
      bonds_penalty: 65535,
      bonds_moving_average: 900_000,
      yuma3,
      liquid_alpha: yuma3,
      alpha_low: 45875,
      alpha_high: 58982,
      alpha_sigmoid_steepness: 1000,
    },
    rao_emission: 360n * 10n ** 9n,
  };
}

function time(fn: () => void, runs: number): { medianMs: number; minMs: number } {
  fn(); // warm-up: JIT and allocation
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { medianMs: percentile(samples, 0.5), minMs: percentile(samples, 0) };
}

const rows: Record<string, string | number>[] = [];
for (const scenario of SCENARIOS) {
  const snapshot = snapshotFor(scenario);
  const weightEntries = snapshot.weights.reduce((acc, r) => acc + r.length, 0);
  for (const mode of ['float64', 'exact'] as const) {
    const big = scenario.n > 1000;
    const runs = quick ? 1 : mode === 'exact' && big ? 3 : big ? 5 : 20;
    const { medianMs, minMs } = time(() => runEpoch(snapshot, mode), runs);
    const row = {
      scenario: scenario.name,
      engine: scenario.yuma3 ? 'Yuma 3 + liquid alpha' : 'Yuma',
      mode,
      weights: weightEntries,
      runs,
      'median ms': round(medianMs),
      'min ms': round(minMs),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}

writeBenchResults('consensus-epoch', { rows, quick });
