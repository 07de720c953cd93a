import { cryptoReady, Keypair } from '@subnetkit/core';
import { type Block, produceBlock, supplyReport } from './block';
import type { Call } from './calls';
import { encodeRecord } from './codec';
import type { ChainEvent } from './events';
import { signExtrinsic, verifyExtrinsic } from './extrinsic';
import { devGenesisConfig, type GenesisConfig, genesisState } from './genesis';
import { Ledger } from './ledger';
import { type ApplyOutcome, applyExtrinsic } from './pallet/dispatch';
import type { NeuronInfo } from './queries';
import type { ChainState } from './state';

const KEYS = new Map<string, Keypair>();

/**
 * A `NeuronInfo` as the chain reports it, for pure tests of what reads neurons: netuid 1, hotkey
 * `//Bob/n<uid>` under coldkey `//Bob`, active, every figure zero, no axon; `overrides` replace fields.
 */
export function neuronInfo(uid: number, overrides: Partial<NeuronInfo> = {}): NeuronInfo {
  return {
    uid,
    netuid: 1,
    // Derived only when not given: a test with its own addresses needs no crypto.
    hotkey: overrides.hotkey ?? TestChain.key(`Bob/n${uid}`).ss58Address,
    coldkey: overrides.coldkey ?? TestChain.key('Bob').ss58Address,
    active: true,
    stake: 0n,
    validator_permit: false,
    stake_weight: 0,
    consensus: 0,
    incentive: 0,
    dividends: 0,
    validator_trust: 0,
    emission: 0n,
    last_update: 0,
    block_at_registration: 0,
    axon_info: null,
    ...overrides,
  };
}
const BLOCK_EVENTS = new Set<ChainEvent['type']>(['Coinbase', 'EpochRun', 'BurnAdjusted']);

/**
 * A dev chain driven block by block, for tests and simulations: sign calls with dev keys, put them
 * in the next block, read the events. Checks the supply invariant after every block it produces.
 */
export class TestChain {
  readonly state: ChainState;
  readonly blocks: Block[] = [];
  /** Hashes of the queued extrinsics the last block left out as stale (their nonce was used). */
  stale: string[] = [];
  #queue: ReturnType<typeof verifyExtrinsic>[] = [];
  #nonces = new Map<string, number>();
  #time = 1_700_000_000_000;

  private constructor(config: GenesisConfig) {
    this.state = genesisState(config);
  }

  static async create(config?: Partial<GenesisConfig>): Promise<TestChain> {
    await cryptoReady();
    return new TestChain({ ...devGenesisConfig(), ...config });
  }

  /** A dev key: `key('Alice')` is `//Alice`, `key('Alice/hot')` is `//Alice/hot`; derived once, then cached. */
  static key(uri: string): Keypair {
    const full = uri.startsWith('/') ? uri : `//${uri}`;
    let key = KEYS.get(full);
    if (!key) {
      key = Keypair.fromUri(full);
      KEYS.set(full, key);
    }
    return key;
  }

  /** Signs `call` with `key`'s next nonce (counting calls already queued) and queues it. */
  queue(key: Keypair, call: Call, nonce?: number): string {
    const next =
      nonce ?? this.#nonces.get(key.ss58Address) ?? this.state.accounts.get(key.ss58Address)?.nonce ?? 0;
    this.#nonces.set(key.ss58Address, next + 1);
    const ext = verifyExtrinsic(
      signExtrinsic(call, key, next, this.state.genesisHash),
      this.state.genesisHash,
    );
    this.#queue.push(ext);
    return ext.hash;
  }

  /** Produces one block with the queued extrinsics and returns its events. */
  block(): ChainEvent[] {
    this.#time += 12_000;
    const { block, deferred, stale } = produceBlock(this.state, this.#queue, { timestamp: this.#time });
    this.#queue = deferred;
    this.stale = stale.map((e) => e.hash);
    this.#nonces.clear();
    this.blocks.push(block);
    const supply = supplyReport(this.state);
    if (!supply.balanced)
      throw new Error(`supply invariant broken at block ${block.header.number}: ${encodeRecord(supply)}`);
    return block.events;
  }

  /** Queues one call, produces a block, and returns that call's events (without the block's own). */
  submit(key: Keypair, call: Call): ChainEvent[] {
    this.queue(key, call);
    return this.block().filter((e) => !BLOCK_EVENTS.has(e.type));
  }

  blocksUntil(number: number): void {
    while (this.state.block < number) this.block();
  }

  /** The error code of the call's ExtrinsicFailed event, or undefined if it succeeded. */
  failure(events: ChainEvent[]): string | undefined {
    const failed = events.find((e) => e.type === 'ExtrinsicFailed');
    return failed?.type === 'ExtrinsicFailed' ? failed.error : undefined;
  }

  /**
   * Applies one call directly to the current state, outside any block, and returns its outcome and
   * events: for checking that a rejected call leaves the state exactly as it was.
   */
  apply(key: Keypair, call: Call): { outcome: ApplyOutcome; events: ChainEvent[] } {
    const nonce = this.state.accounts.get(key.ss58Address)?.nonce ?? 0;
    const ext = verifyExtrinsic(
      signExtrinsic(call, key, nonce, this.state.genesisHash),
      this.state.genesisHash,
    );
    const events: ChainEvent[] = [];
    const outcome = applyExtrinsic(new Ledger(this.state), ext, (e) => events.push(e));
    return { outcome, events };
  }

  /**
   * Applies a call that should fail and returns its error code (undefined if it succeeded), after
   * checking that it changed nothing but its signer's nonce, which an included extrinsic always bumps.
   */
  rejectionOf(key: Keypair, call: Call): string | undefined {
    const signer = key.ss58Address;
    const account = this.state.accounts.get(signer);
    const before = this.snapshot();
    const { outcome } = this.apply(key, call);
    if (outcome.ok) return undefined;
    const after = this.state.accounts.get(signer)!;
    const expected = { free: account?.free ?? 0n, nonce: (account?.nonce ?? 0) + 1 };
    if (after.free !== expected.free || after.nonce !== expected.nonce) {
      throw new Error(
        `${outcome.error.code} left ${signer} at ${encodeRecord(after)}, not ${encodeRecord(expected)}`,
      );
    }
    // Compare everything else with the account as it was, then put the bumped nonce back.
    if (account) this.state.accounts.set(signer, account);
    else this.state.accounts.delete(signer);
    const unchanged = this.snapshot() === before;
    this.state.accounts.set(signer, after);
    if (!unchanged) throw new Error(`${outcome.error.code} changed the state beyond ${signer}'s nonce`);
    return outcome.error.code;
  }

  /** The whole state as storage text, to compare before and after. */
  snapshot(): string {
    return encodeRecord(this.state);
  }
}
