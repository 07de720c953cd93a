import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochMode } from '@subnetkit/consensus';
import { createLogger, cryptoReady, type Logger } from '@subnetkit/core';
import { type Block, produceBlock } from '../block';
import type { Head, Inclusion } from '../client/chain-client';
import { rootWeightsPolicy, type SubnetEmissionPolicy } from '../coinbase/shares';
import { ChainError, reject } from '../errors';
import { verifyExtrinsic } from '../extrinsic';
import { devGenesisConfig, type GenesisConfig, genesisState } from '../genesis';
import * as queries from '../queries';
import type { AccountId, ChainState } from '../state';
import { ChainStore } from '../store/chain-store';
import { StoreError } from '../store/errors';
import { NodeError } from './errors';
import { headOf, inclusionsOf } from './inclusions';
import { ExtrinsicPool } from './pool';

/** The database file inside a node's base path. */
export const DB_FILE = 'chain.sqlite';
/** Bittensor's block time. */
export const DEFAULT_BLOCK_TIME_MS = 12_000;

export interface ChainNodeOptions {
  /** Default: the dev genesis (`//Alice` … `//Ferdie` funded). */
  genesis?: GenesisConfig;
  /** Directory of the chain's database; resumed when it holds one. Default: a temporary directory removed on stop. */
  basePath?: string;
  /** Default 12 000 ms; dev chains use e.g. 250. */
  blockTimeMs?: number;
  /** `timer`: a block every `blockTimeMs` (default); `manual`: only on `produceBlockNow()`. */
  sealing?: 'timer' | 'manual';
  /** Milliseconds since the epoch for block timestamps. Default `Date.now`. */
  now?: () => number;
  /** Most extrinsics the pool holds. Default 8192. */
  poolLimit?: number;
  policy?: SubnetEmissionPolicy;
  /** Epoch arithmetic. Default `exact`, the chain's own. */
  mode?: EpochMode;
  /** Default: silent. */
  logger?: Logger;
}

export interface BlockNotice {
  block: Block;
  header: Head;
}

export interface ChainNodeEvents {
  /** A block was committed. */
  block: [BlockNotice];
  /** A committed block included this extrinsic (successful or failed). */
  extrinsic: [Inclusion];
  /**
   * Timer-driven production failed: the node reloaded its last committed state and tries again at
   * the next tick, or stopped if another writer moved the chain on. Without a listener, Node's rule
   * for 'error' applies: it is thrown, and the process ends.
   */
  error: [Error];
}

type Resolved = Required<Pick<ChainNodeOptions, 'sealing' | 'now' | 'policy' | 'mode'>>;

interface Watcher {
  resolve: (inclusion: Inclusion) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * A chain node: the state, its store and an extrinsic pool, producing a block on a timer or on
 * demand. Producing and committing a block is synchronous (produceBlock + one SQLite transaction),
 * so no other call ever sees a block half done and `stop()` never interrupts one.
 */
export class ChainNode extends EventEmitter<ChainNodeEvents> {
  #state: ChainState;
  #head: Head;
  readonly #store: ChainStore;
  readonly #pool: ExtrinsicPool;
  readonly #watchers = new Map<string, Watcher[]>();
  readonly #options: Resolved;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | undefined;
  #due = 0;
  #stopping: Promise<void> | undefined;

  private constructor(
    readonly basePath: string,
    /** The base path is a temporary directory, deleted on stop. */
    readonly temporary: boolean,
    readonly blockTimeMs: number,
    store: ChainStore,
    pool: ExtrinsicPool,
    options: Resolved,
    logger: Logger,
  ) {
    super();
    this.#store = store;
    this.#state = store.loadState();
    this.#head = headOf(store.head());
    this.#pool = pool;
    this.#options = options;
    this.#log = logger;
  }

  /**
   * Opens the chain at `basePath` (creating it from the genesis the first time, resuming at its last
   * block otherwise) and starts producing blocks unless sealing is manual.
   */
  static async open(options: ChainNodeOptions = {}): Promise<ChainNode> {
    await cryptoReady();
    const blockTimeMs = options.blockTimeMs ?? DEFAULT_BLOCK_TIME_MS;
    if (!Number.isInteger(blockTimeMs) || blockTimeMs < 1) {
      throw new NodeError(
        'InvalidOptions',
        `blockTimeMs must be a whole number of milliseconds ≥ 1, got ${blockTimeMs}`,
      );
    }
    const resolved: Resolved = {
      sealing: options.sealing ?? 'timer',
      now: options.now ?? Date.now,
      policy: options.policy ?? rootWeightsPolicy,
      mode: options.mode ?? 'exact',
    };
    const logger = (options.logger ?? createLogger({ level: 'silent' })).child({ component: 'chain' });
    const temporary = options.basePath === undefined;
    const basePath = options.basePath ?? mkdtempSync(join(tmpdir(), 'subnetkit-chain-'));
    mkdirSync(basePath, { recursive: true });
    let store: ChainStore | undefined;
    try {
      store = ChainStore.open(join(basePath, DB_FILE));
      const genesis = genesisState(options.genesis ?? devGenesisConfig());
      const created = store.initialize(genesis, { mode: resolved.mode, policy: resolved.policy.name });
      const pool = new ExtrinsicPool(options.poolLimit);
      const node = new ChainNode(basePath, temporary, blockTimeMs, store, pool, resolved, logger);
      node.#log.info(
        { basePath, block: node.#head.number, hash: node.#head.hash, genesis: genesis.genesisHash },
        created ? 'chain created' : 'chain resumed',
      );
      node.#due = Date.now();
      node.#schedule();
      return node;
    } catch (err) {
      store?.close();
      if (temporary) rmSync(basePath, { recursive: true, force: true });
      throw err;
    }
  }

  /** The current state. Read it, never change it: only blocks may, or the store misses the change. */
  get state(): ChainState {
    return this.#state;
  }

  get genesisHash(): string {
    return this.#state.genesisHash;
  }

  /** The last committed block's header and hash. */
  head(): Head {
    return this.#head;
  }

  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  /** Extrinsics waiting for a block. */
  get poolSize(): number {
    return this.#pool.size;
  }

  #requireRunning(): void {
    if (this.#stopping) throw new NodeError('NodeStopped', 'the node is stopped; open it again to continue');
  }

  /**
   * Verifies a signed extrinsic and puts it in the pool for the next block; returns its hash.
   * Throws ChainError: InvalidCall, InvalidSignature, StaleNonce (the nonce was used already),
   * AlreadyImported, PoolFull. A future nonce is accepted and waits for the nonces before it.
   */
  submit(wire: unknown): string {
    this.#requireRunning();
    const ext = verifyExtrinsic(wire, this.#state.genesisHash);
    const accountNonce = this.#state.accounts.get(ext.signer)?.nonce ?? 0;
    if (ext.nonce < accountNonce) {
      reject('StaleNonce', `nonce ${ext.nonce} was already used; ${ext.signer} is at ${accountNonce}`);
    }
    this.#pool.add(ext);
    this.#log.debug(
      { hash: ext.hash, signer: ext.signer, nonce: ext.nonce, call: ext.call.call },
      'extrinsic pooled',
    );
    return ext.hash;
  }

  /**
   * Submits and resolves once a block includes the extrinsic, successful or failed. Rejects with
   * ChainError 'StaleNonce' if another extrinsic of the signer took its nonce first (it is dropped).
   */
  async submitAndWait(wire: unknown, options: { timeoutMs?: number } = {}): Promise<Inclusion> {
    return this.waitForInclusion(this.submit(wire), options);
  }

  /**
   * Resolves once a block includes the pooled extrinsic `hash` (see submitAndWait); NodeError
   * 'UnknownExtrinsic' if the pool does not hold it.
   */
  waitForInclusion(hash: string, options: { timeoutMs?: number } = {}): Promise<Inclusion> {
    if (!this.#pool.has(hash)) {
      return Promise.reject(
        new NodeError('UnknownExtrinsic', `extrinsic ${hash} is not in the pool; submit it first`),
      );
    }
    return new Promise<Inclusion>((resolve, reject) => {
      const watcher: Watcher = { resolve, reject };
      if (options.timeoutMs !== undefined) {
        watcher.timer = setTimeout(() => {
          this.#unwatch(hash, watcher);
          reject(
            new NodeError(
              'InclusionTimeout',
              `no block included ${hash} within ${options.timeoutMs} ms; it is still in the pool`,
            ),
          );
        }, options.timeoutMs).unref();
      }
      this.#watchers.set(hash, [...(this.#watchers.get(hash) ?? []), watcher]);
    });
  }

  /** Ends every wait on `hash` with `outcome`. */
  #settle(hash: string, outcome: (watcher: Watcher) => void): void {
    const watchers = this.#watchers.get(hash) ?? [];
    this.#watchers.delete(hash);
    for (const w of watchers) {
      clearTimeout(w.timer);
      outcome(w);
    }
  }

  #unwatch(hash: string, watcher: Watcher): void {
    const rest = (this.#watchers.get(hash) ?? []).filter((w) => w !== watcher);
    if (rest.length > 0) this.#watchers.set(hash, rest);
    else this.#watchers.delete(hash);
  }

  /** The nonce to sign with next, counting the signer's extrinsics waiting in the pool. */
  nextNonce(address: AccountId): number {
    return this.#pool.nextNonce(address, this.#state.accounts.get(address)?.nonce ?? 0);
  }

  /** Produces and commits a block now with what the pool holds, and returns it. */
  produceBlockNow(): Block {
    this.#requireRunning();
    const block = this.#seal();
    this.#announce(block);
    return block;
  }

  #schedule(): void {
    if (this.#options.sealing !== 'timer' || this.#stopping) return;
    const now = Date.now();
    // Keep to the cadence; after a slow block, start the next one at once rather than in a burst.
    this.#due = Math.max(this.#due + this.blockTimeMs, now);
    this.#timer = setTimeout(() => this.#onTimer(), this.#due - now);
  }

  #onTimer(): void {
    this.#timer = undefined;
    let block: Block;
    try {
      block = this.#seal();
    } catch (err) {
      const fatal = err instanceof StoreError && err.code === 'NotNextBlock';
      if (fatal) void this.stop();
      else this.#schedule();
      this.emit('error', err as Error);
      return;
    }
    this.#schedule();
    this.#announce(block);
  }

  #seal(): Block {
    const started = performance.now();
    const candidates = this.#pool.pending();
    const timestamp = Math.max(this.#options.now(), this.#head.timestamp);
    let produced: ReturnType<typeof produceBlock>;
    try {
      produced = produceBlock(this.#state, candidates, {
        timestamp,
        policy: this.#options.policy,
        mode: this.#options.mode,
      });
      this.#store.commitBlock(produced, this.#state);
    } catch (err) {
      // produceBlock mutates the state in place: after a failure only the store's copy is whole.
      this.#state = this.#store.loadState();
      this.#head = headOf(this.#store.head());
      this.#log.error({ err, block: this.#head.number + 1 }, 'block production failed; state reloaded');
      throw err;
    }
    const { block, deferred, stale } = produced;
    const waiting = new Set(deferred.map((e) => e.hash));
    this.#pool.remove(candidates.filter((e) => !waiting.has(e.hash)).map((e) => e.hash));
    this.#head = headOf(block);
    for (const ext of stale) {
      // Another extrinsic of the same signer used this nonce first: this one can never be included.
      this.#settle(ext.hash, (w) =>
        w.reject(
          new ChainError(
            'StaleNonce',
            `nonce ${ext.nonce} of ${ext.signer} was used by another extrinsic; sign again with the next nonce`,
          ),
        ),
      );
    }
    this.#log.info(
      {
        block: block.header.number,
        hash: block.hash,
        extrinsics: block.extrinsics.length,
        waiting: waiting.size,
        ms: Number((performance.now() - started).toFixed(1)),
      },
      'block committed',
    );
    return block;
  }

  #announce(block: Block): void {
    const inclusions = inclusionsOf(block);
    for (const inclusion of inclusions) this.#settle(inclusion.hash, (w) => w.resolve(inclusion));
    this.emit('block', { block, header: this.#head });
    for (const inclusion of inclusions) this.emit('extrinsic', inclusion);
  }

  /**
   * Stops producing, closes the database (its last block is committed: blocks are never half
   * written) and, for a temporary chain, deletes it. Waiting extrinsics are dropped. Idempotent.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#shutdown();
    return this.#stopping;
  }

  async #shutdown(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const dropped = this.#pool.clear().length;
    this.#store.close();
    const stopped = new NodeError('NodeStopped', 'the node stopped before a block included the extrinsic');
    for (const watchers of this.#watchers.values()) {
      for (const w of watchers) {
        clearTimeout(w.timer);
        w.reject(stopped);
      }
    }
    this.#watchers.clear();
    if (this.temporary) rmSync(this.basePath, { recursive: true, force: true });
    this.#log.info({ block: this.#head.number, hash: this.#head.hash, dropped }, 'chain stopped');
  }

  // Queries: views of the current state (queries.ts) and of the stored blocks.

  accountInfo(address: AccountId): queries.AccountInfo {
    return queries.accountInfo(this.#state, address);
  }

  subnetInfo(netuid: number): queries.SubnetInfo | null {
    return queries.subnetInfo(this.#state, netuid);
  }

  listSubnets(): queries.SubnetInfo[] {
    return queries.listSubnets(this.#state);
  }

  neurons(netuid: number, options: { lite?: boolean } = {}): queries.NeuronInfo[] | null {
    return queries.neurons(this.#state, netuid, options);
  }

  stakesOf(hotkey: AccountId): ReturnType<typeof queries.stakesOf> {
    return queries.stakesOf(this.#state, hotkey);
  }

  chainInfo(): ReturnType<typeof queries.chainInfo> {
    return queries.chainInfo(this.#state);
  }

  block(numberOrHash: number | string): Block | null {
    this.#requireRunning();
    return this.#store.block(numberOrHash);
  }

  blocksRange(from: number, to: number): Block[] {
    this.#requireRunning();
    return this.#store.blocksRange(from, to);
  }
}
