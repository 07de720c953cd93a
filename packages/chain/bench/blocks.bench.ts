/**
 * Block benchmark: the time to produce a heavy block (produceBlock alone) and to produce and persist
 * it (produceBlock + commitBlock: one SQLite transaction, fsynced), for three blocks:
 *   - 1,000 transfers to new accounts,
 *   - 1,000 set_weights (1,000 validators with permits, 256 weights each),
 *   - the Yuma epoch of a full 256-uid subnet (64 validators weighting every uid), exact arithmetic.
 * Each scenario is set up once through a ChainNode; every run starts from a copy of that database.
 * Usage: npm run bench -w @subnetkit/chain [-- --quick]
 * Prints a table and writes bench/results/chain-blocks.{json,md} at the repository root.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair, seededRng, ss58Encode } from '@subnetkit/core';
import { percentile, round, writeBenchResults } from '@subnetkit/core/bench';
import { produceBlock } from '../src/block';
import type { Call } from '../src/calls';
import { epochDue } from '../src/coinbase/epoch';
import type { ChainEvent } from '../src/events';
import { signExtrinsic, type VerifiedExtrinsic, verifyExtrinsic } from '../src/extrinsic';
import { ChainNode, DB_FILE } from '../src/node/chain-node';
import { ChainStore } from '../src/store/chain-store';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 1 : 7;
const TAO = 1_000_000_000n;

function seed(tag: number, i: number): Uint8Array {
  const bytes = new Uint8Array(32);
  new DataView(bytes.buffer).setUint32(0, tag);
  new DataView(bytes.buffer).setUint32(4, i);
  return bytes;
}

/** A chain being set up: submit calls through the node, seal blocks by hand. */
class Setup {
  private constructor(
    readonly node: ChainNode,
    readonly dir: string,
  ) {}

  static async create(): Promise<Setup> {
    const dir = mkdtempSync(join(tmpdir(), 'chain-bench-'));
    return new Setup(await ChainNode.open({ basePath: dir, sealing: 'manual' }), dir);
  }

  submit(key: Keypair, call: Call): void {
    this.node.submit(signExtrinsic(call, key, this.node.nextNonce(key.ss58Address), this.node.genesisHash));
  }

  block(calls: [Keypair, Call][] = []): void {
    for (const [key, call] of calls) this.submit(key, call);
    const failed = this.node.produceBlockNow().events.find((e) => e.type === 'ExtrinsicFailed');
    if (failed) throw new Error(`setup extrinsic failed: ${JSON.stringify(failed)}`);
  }

  hyper(owner: Keypair, netuid: number, values: Record<string, number>): [Keypair, Call][] {
    return Object.entries(values).map(([name, value]) => [
      owner,
      { call: 'set_hyperparameter', netuid, name, value },
    ]);
  }

  /** Signs the measured block's calls against the state as the setup left it. */
  signed(calls: [Keypair, Call][]): VerifiedExtrinsic[] {
    const nonces = new Map<string, number>();
    return calls.map(([key, call]) => {
      const nonce = nonces.get(key.ss58Address) ?? this.node.nextNonce(key.ss58Address);
      nonces.set(key.ss58Address, nonce + 1);
      const genesis = this.node.genesisHash;
      return verifyExtrinsic(signExtrinsic(call, key, nonce, genesis), genesis);
    });
  }
}

interface Scenario {
  name: string;
  /** An event the measured block must hold, so the bench measures what it names. */
  expects: ChainEvent['type'];
  /** Builds the chain and returns the measured block's extrinsics. */
  setup(s: Setup): VerifiedExtrinsic[];
}

const alice = () => Keypair.fromUri('//Alice');

const SCENARIOS: Scenario[] = [
  {
    name: '1,000 transfers',
    expects: 'Transfer',
    setup(s) {
      const senders = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((n) =>
        Keypair.fromUri(`//${n}`),
      );
      return s.signed(
        Array.from({ length: 1000 }, (_, i): [Keypair, Call] => [
          senders[i % senders.length]!,
          { call: 'transfer', dest: ss58Encode(seed(1, i)), amount: BigInt(1 + i) * TAO },
        ]),
      );
    },
  },
  {
    name: '1,000 set_weights (256 uids each)',
    expects: 'WeightsSet',
    setup(s) {
      const owner = alice();
      const validators = Array.from({ length: 1000 }, (_, i) => Keypair.fromSeed(seed(2, i)));
      s.block([[owner, { call: 'register_network', hotkey: Keypair.fromUri('//Alice/hot').ss58Address }]]);
      s.block(
        s.hyper(owner, 1, {
          max_allowed_uids: 1024,
          max_allowed_validators: 1024,
          max_registrations_per_block: 1000,
          weights_rate_limit: 0,
          tempo: 4,
        }),
      );
      s.block(validators.map((v) => [owner, { call: 'burned_register', netuid: 1, hotkey: v.ss58Address }]));
      s.block(
        validators.map((v, i) => [
          owner,
          { call: 'add_stake', hotkey: v.ss58Address, amount: BigInt(1 + i) * TAO },
        ]),
      );
      const subnet = s.node.state.subnets.get(1)!;
      // Permits come from an epoch: let one run with the stakes in place, then no more.
      while (!subnet.neurons[1]!.validatorPermit) s.block();
      s.block(s.hyper(owner, 1, { tempo: 50_400 }));
      const n = subnet.neurons.length;
      const random = seededRng(2);
      return s.signed(
        validators.map((v, i): [Keypair, Call] => {
          // 256 distinct uids spread over the subnet (3 · 255 < n).
          const uids = Array.from({ length: 256 }, (_, k) => (i + k * 3) % n).sort((a, b) => a - b);
          const weights = uids.map(() => 1 + Math.floor(random() * 65534));
          return [v, { call: 'set_weights', netuid: 1, uids, weights, version_key: 0 }];
        }),
      );
    },
  },
  {
    name: 'epoch of a full 256-uid subnet (64 validators)',
    expects: 'EpochRun',
    setup(s) {
      const owner = alice();
      const hotkeys = Array.from({ length: 255 }, (_, i) => Keypair.fromSeed(seed(3, i)));
      const validators = hotkeys.slice(0, 64);
      s.block([[owner, { call: 'register_network', hotkey: Keypair.fromUri('//Alice/hot').ss58Address }]]);
      s.block(s.hyper(owner, 1, { max_registrations_per_block: 255, weights_rate_limit: 0, tempo: 20 }));
      s.block(hotkeys.map((h) => [owner, { call: 'burned_register', netuid: 1, hotkey: h.ss58Address }]));
      s.block(
        validators.map((v, i) => [
          owner,
          { call: 'add_stake', hotkey: v.ss58Address, amount: BigInt(100 + i) * TAO },
        ]),
      );
      const subnet = s.node.state.subnets.get(1)!;
      while (!subnet.neurons[1]!.validatorPermit) s.block();
      const random = seededRng(3);
      const uids = subnet.neurons.map((n) => n.uid);
      s.block(
        validators.map((v) => [
          v,
          {
            call: 'set_weights',
            netuid: 1,
            uids,
            weights: uids.map(() => 1 + Math.floor(random() * 65534)),
            version_key: 0,
          },
        ]),
      );
      // One epoch with the weights, so the measured one starts from bonds as in steady state.
      const before = subnet.lastEpochBlock;
      while (subnet.lastEpochBlock === before) s.block();
      while (!epochDue(subnet, s.node.state.block + 1)) s.block();
      return [];
    },
  },
];

interface Sample {
  produceMs: number;
  totalMs: number;
  dirty: number;
}

/** One run on a fresh copy of the set-up database: produce the block, then commit it. */
function measure(
  scenario: Scenario,
  dbFile: string,
  extrinsics: VerifiedExtrinsic[],
  runDir: string,
): Sample {
  const copy = join(runDir, DB_FILE);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  copyFileSync(dbFile, copy);
  const store = ChainStore.open(copy);
  try {
    const state = store.loadState();
    const timestamp = store.head().header.timestamp + 12_000;
    const t0 = performance.now();
    const produced = produceBlock(state, extrinsics, { timestamp });
    const t1 = performance.now();
    store.commitBlock(produced, state);
    const t2 = performance.now();
    const { events } = produced.block;
    const failed = events.filter((e) => e.type === 'ExtrinsicFailed').length;
    if (failed > 0 || produced.deferred.length > 0) {
      throw new Error(`${failed} extrinsics failed in the measured block`);
    }
    if (!events.some((e) => e.type === scenario.expects)) {
      throw new Error(`no ${scenario.expects} event in the measured block`);
    }
    return { produceMs: t1 - t0, totalMs: t2 - t0, dirty: produced.dirty.size };
  } finally {
    store.close();
  }
}

const stats = (xs: number[]) => ({ median: round(percentile(xs, 0.5)), min: round(percentile(xs, 0)) });

const rows: Record<string, string | number>[] = [];
for (const scenario of SCENARIOS) {
  const setupStarted = performance.now();
  const setup = await Setup.create();
  const extrinsics = scenario.setup(setup);
  await setup.node.stop();
  const setupS = (performance.now() - setupStarted) / 1000;
  const runDir = join(setup.dir, 'run');
  const run = () => measure(scenario, join(setup.dir, DB_FILE), extrinsics, runDir);
  run(); // warm-up: JIT and page cache
  const samples = Array.from({ length: RUNS }, run);
  rmSync(setup.dir, { recursive: true, force: true });
  const produce = stats(samples.map((x) => x.produceMs));
  const total = stats(samples.map((x) => x.totalMs));
  const row = {
    block: scenario.name,
    extrinsics: extrinsics.length,
    'records changed': samples[0]!.dirty,
    runs: RUNS,
    'produce median ms': produce.median,
    'produce min ms': produce.min,
    'produce+commit median ms': total.median,
    'produce+commit min ms': total.min,
  };
  rows.push(row);
  console.log(JSON.stringify({ ...row, 'setup s': round(setupS) }));
}

writeBenchResults('chain-blocks', { rows, quick, conditions: 'SQLite WAL, synchronous = FULL' });
