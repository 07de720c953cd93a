import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoReady, type Keypair } from '@subnetkit/core';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ProducedBlock, produceBlock, supplyReport } from '../block';
import type { Call } from '../calls';
import { encodeRecord } from '../codec';
import { signExtrinsic, verifyExtrinsic } from '../extrinsic';
import { devGenesisConfig, genesisState } from '../genesis';
import type { ChainState } from '../state';
import { TestChain } from '../testing';
import { ChainStore } from './chain-store';
import { replayChain } from './replay';

const TAO = 1_000_000_000n;
const keys = new Map<string, Keypair>();
/** Keys are slow to derive (~10 ms); each test file derives each one once. */
const key = (name: string) => keys.get(name) ?? keys.set(name, TestChain.key(name)).get(name)!;
const hot = (name: string) => key(`${name}/hot`).ss58Address;

/** Produces blocks of signed calls on a state, committing each one to the store. */
class Driver {
  #timestamp = 1_700_000_000_000;
  readonly produced: ProducedBlock[] = [];
  constructor(
    readonly state: ChainState,
    readonly store: ChainStore,
  ) {}

  block(calls: [string, Call][] = []): ProducedBlock {
    const used = new Map<string, number>();
    const candidates = calls.map(([signer, call]) => {
      const k = key(signer);
      const nonce = used.get(signer) ?? this.state.accounts.get(k.ss58Address)?.nonce ?? 0;
      used.set(signer, nonce + 1);
      return verifyExtrinsic(signExtrinsic(call, k, nonce, this.state.genesisHash), this.state.genesisHash);
    });
    this.#timestamp += 12_000;
    const produced = produceBlock(this.state, candidates, { timestamp: this.#timestamp });
    this.store.commitBlock(produced, this.state);
    this.produced.push(produced);
    return produced;
  }
}

const hyper = (name: string, value: number): [string, Call] => [
  'Alice',
  { call: 'set_hyperparameter', netuid: 1, name, value },
];

/** A chain that exercises every kind of record: subnets, neurons, stake, owners, takes, root, epochs. */
const SCRIPT: [string, Call][][] = [
  [['Alice', { call: 'register_network', hotkey: hot('Alice') }]],
  [hyper('tempo', 3), hyper('weights_rate_limit', 0), hyper('max_registrations_per_block', 4)],
  [
    ['Bob', { call: 'burned_register', netuid: 1, hotkey: hot('v1') }],
    ['Bob', { call: 'burned_register', netuid: 1, hotkey: hot('m1') }],
    ['Charlie', { call: 'burned_register', netuid: 1, hotkey: hot('m2') }],
  ],
  [
    ['Bob', { call: 'add_stake', hotkey: hot('v1'), amount: 100n * TAO }],
    ['Charlie', { call: 'add_stake', hotkey: hot('v1'), amount: 10n * TAO }],
    ['Bob', { call: 'set_take', hotkey: hot('v1'), take: 1000 }],
    ['Dave', { call: 'transfer', dest: key('Newcomer').ss58Address, amount: 5n * TAO }],
  ],
  [
    ['Alice', { call: 'root_register', hotkey: hot('Alice') }],
    ['Bob', { call: 'register_network', hotkey: hot('Bob') }],
  ],
  [], // block 7: the epoch gives v1 (staked since block 4) its permit
  [], // weights in a block without an epoch: only set_weights marks the neuron dirty
  [[`v1/hot`, { call: 'set_weights', netuid: 1, uids: [2, 3], weights: [1, 3], version_key: 0 }]],
  [
    [
      `m1/hot`,
      { call: 'serve_axon', netuid: 1, version: 1, ip: '127.0.0.1', port: 8091, ip_type: 4, protocol: 4 },
    ],
    ['Alice/hot', { call: 'set_root_weights', netuids: [1, 2], weights: [3, 1] }],
  ],
  [],
  [['Charlie', { call: 'remove_stake', hotkey: hot('v1'), amount: 10n * TAO }]],
  [['Eve', { call: 'transfer', dest: key('Eve').ss58Address, amount: 1n }]], // fails: to itself
  [],
  [],
];

let dir: string;
beforeAll(cryptoReady);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chain-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function openStore(): ChainStore {
  return ChainStore.open(join(dir, 'chain.sqlite'));
}

function fresh(): { state: ChainState; store: ChainStore } {
  const state = genesisState(devGenesisConfig());
  const store = openStore();
  store.initialize(state);
  return { state, store };
}

describe('ChainStore', () => {
  it('writes the genesis as block 0 and reloads it identically', () => {
    const { state, store } = fresh();
    expect(encodeRecord(store.loadState())).toBe(encodeRecord(state));
    expect(store.head()).toMatchObject({ hash: state.genesisHash, header: { number: 0 } });
    expect(store.initialize(state)).toBe(false);
    store.close();
    store.close();
  });

  it('refuses a database of another chain, naming both genesis hashes', () => {
    const { state, store } = fresh();
    const other = genesisState({ ...devGenesisConfig(), chainId: 'another' });
    const attempt = () => store.initialize(other);
    expect(attempt).toThrowError(expect.objectContaining({ code: 'GenesisMismatch' }));
    expect(attempt).toThrowError(state.genesisHash);
    expect(attempt).toThrowError(other.genesisHash);
    expect(() => store.initialize(state, { mode: 'float64', policy: 'root-weights' })).toThrowError(
      expect.objectContaining({ code: 'ParamsMismatch' }),
    );
    store.close();
  });

  it('reloads exactly the in-memory state after every block, and after a reopen', () => {
    const { state, store } = fresh();
    const driver = new Driver(state, store);
    for (const calls of SCRIPT) {
      driver.block(calls);
      expect(encodeRecord(store.loadState())).toBe(encodeRecord(state));
    }
    const events = driver.produced.flatMap((p) => p.block.events.map((e) => e.type));
    expect(events).toEqual(
      expect.arrayContaining(['EpochRun', 'WeightsSet', 'RootWeightsSet', 'ExtrinsicFailed']),
    );
    expect(state.subnets.get(1)!.neurons[1]!.validatorPermit).toBe(true);
    store.close();

    const reopened = openStore();
    const loaded = reopened.loadState();
    expect(encodeRecord(loaded)).toBe(encodeRecord(state));
    expect(supplyReport(loaded).balanced).toBe(true);
    expect(encodeRecord(replayChain(reopened))).toBe(encodeRecord(state));
    reopened.close();
  });

  it('serves blocks by number, by hash and by range', () => {
    const { state, store } = fresh();
    const driver = new Driver(state, store);
    const [b1, b2, b3] = [driver.block(), driver.block(SCRIPT[0]), driver.block()].map((p) => p.block);
    expect(store.head()).toEqual(b3);
    expect(store.block(2)).toEqual(b2);
    expect(store.block(b1!.hash)).toEqual(b1);
    expect(store.block(4)).toBeNull();
    expect(store.blocksRange(1, 9).map((b) => b.header.number)).toEqual([1, 2, 3]);
    expect(store.block(2)!.events).toEqual(b2!.events); // bigint amounts survive
    store.close();
  });

  it('refuses a block that does not follow its head, writing nothing of it', () => {
    const { state, store } = fresh();
    const copy = genesisState(devGenesisConfig());
    new Driver(state, store).block();
    const stale = produceBlock(copy, [], { timestamp: 1 }); // block 1 again, on another timeline
    expect(() => store.commitBlock(stale, copy)).toThrowError(
      expect.objectContaining({ code: 'NotNextBlock' }),
    );
    expect(() => store.commitBlock(stale, state)).toThrowError(
      expect.objectContaining({ code: 'StateMismatch' }),
    );
    expect(store.head().header.number).toBe(1);
    expect(encodeRecord(store.loadState())).toBe(encodeRecord(state));
    store.close();
  });

  it('opens read-only beside a writer, and names a missing database', () => {
    const { state, store } = fresh();
    const driver = new Driver(state, store);
    driver.block();
    const reader = ChainStore.open(join(dir, 'chain.sqlite'), { readonly: true });
    driver.block();
    expect(reader.head().header.number).toBe(2);
    expect(encodeRecord(reader.loadState())).toBe(encodeRecord(state));
    reader.close();
    store.close();
    expect(() => ChainStore.open(join(dir, 'missing.sqlite'), { readonly: true })).toThrowError(
      expect.objectContaining({ code: 'NotInitialized' }),
    );
  });

  it('names a file that is not a database', () => {
    writeFileSync(join(dir, 'chain.sqlite'), 'not sqlite at all, just some text that is long enough');
    expect(openStore).toThrowError(expect.objectContaining({ code: 'NotADatabase' }));
  });

  it('refuses a schema newer than it reads', () => {
    fresh().store.close();
    const db = new Database(join(dir, 'chain.sqlite'));
    db.prepare('INSERT INTO schema_version (version) VALUES (99)').run();
    db.close();
    expect(openStore).toThrowError(expect.objectContaining({ code: 'SchemaTooNew' }));
  });
});

const NAMES = ['Alice', 'Bob', 'Charlie', 'Dave'];
const callArb: fc.Arbitrary<[string, Call]> = fc.oneof(
  fc
    .record({ from: fc.nat(3), to: fc.nat(5), tao: fc.nat(50) })
    .map(({ from, to, tao }): [string, Call] => [
      NAMES[from]!,
      { call: 'transfer', dest: key(`acct${to}`).ss58Address, amount: BigInt(tao) * TAO },
    ]),
  fc
    .record({ from: fc.nat(3), hot: fc.nat(5) })
    .map(({ from, hot: h }): [string, Call] => [
      NAMES[from]!,
      { call: 'burned_register', netuid: 1, hotkey: hot(`h${h}`) },
    ]),
  fc
    .record({ from: fc.nat(3), hot: fc.nat(5), tao: fc.nat(30), add: fc.boolean() })
    .map(({ from, hot: h, tao, add }): [string, Call] => [
      NAMES[from]!,
      { call: add ? 'add_stake' : 'remove_stake', hotkey: hot(`h${h}`), amount: BigInt(tao) * TAO },
    ]),
  fc
    .record({ hot: fc.nat(2), w: fc.array(fc.nat(65535), { minLength: 1, maxLength: 3 }) })
    .map(({ hot: h, w }): [string, Call] => [
      `h${h}/hot`,
      { call: 'set_weights', netuid: 1, uids: w.map((_, i) => i), weights: w, version_key: 0 },
    ]),
);

describe('dirty sets', () => {
  it('are enough: after any block, the reloaded state equals the in-memory one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(callArb, { maxLength: 3 }), { minLength: 4, maxLength: 12 }),
        (blocks) => {
          rmSync(join(dir, 'chain.sqlite'), { force: true });
          const { state, store } = fresh();
          try {
            const driver = new Driver(state, store);
            // Validators h1 and h2 get permits at the epoch of block 4; random calls follow.
            driver.block([
              ['Alice', { call: 'register_network', hotkey: hot('h0') }],
              hyper('tempo', 3),
              hyper('weights_rate_limit', 0),
              hyper('max_registrations_per_block', 3),
            ]);
            driver.block([
              ['Bob', { call: 'burned_register', netuid: 1, hotkey: hot('h1') }],
              ['Bob', { call: 'burned_register', netuid: 1, hotkey: hot('h2') }],
              ['Bob', { call: 'add_stake', hotkey: hot('h1'), amount: 50n * TAO }],
              ['Bob', { call: 'add_stake', hotkey: hot('h2'), amount: 20n * TAO }],
            ]);
            driver.block();
            driver.block([hyper('tempo', 6)]); // the epoch at block 4 gave the permits; fewer epochs now
            for (const calls of blocks) {
              driver.block(calls);
              expect(encodeRecord(store.loadState())).toBe(encodeRecord(state));
            }
          } finally {
            store.close();
          }
        },
      ),
      { seed: 7, numRuns: 10 },
    );
  }, 60_000);
});
