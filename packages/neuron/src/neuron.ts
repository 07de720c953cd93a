/**
 * What miners and validators share (the template's `BaseNeuron`, reference/bittensor-sdk.md §7.1):
 * a hotkey on a subnet, the metagraph, and one loop that follows the chain's head.
 *
 * The loop reads the head every `pollIntervalMs`; on each new block it resyncs the metagraph when
 * `epochLength` blocks have passed since the *metagraph's own* block (the classic template compared
 * with the miner's `last_update`, which a miner never moves, so after one epoch it resynced on
 * every iteration), then runs the role's `onBlock`. A chain failure is logged and retried with
 * exponential backoff, never fatal; only what the user must fix (not registered, no such subnet)
 * ends `run()` with a NeuronError.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type Call, type ChainClient, type Head, type Inclusion, signAndSubmit } from '@subnetkit/chain';
import { createLogger, type Keypair, type Logger, untilAborted } from '@subnetkit/core';
import type { NeuronRole } from './config';
import { NeuronError } from './errors';
import { Metagraph } from './metagraph';

export interface BackoffOptions {
  /** First retry delay, ms. Default 1000. */
  minMs?: number;
  /** Longest retry delay, ms. Default 30 000. */
  maxMs?: number;
}

export interface NeuronOptions {
  netuid: number;
  /** The wallet's hotkey: its uid is this neuron. */
  hotkey: Keypair;
  chain: ChainClient;
  logger?: Logger;
  /** Blocks between metagraph resyncs (`--neuron.epoch_length`). Default 100. */
  epochLength?: number;
  /** How often the head is read, ms. Default 1000. */
  pollIntervalMs?: number;
  backoff?: BackoffOptions;
  /** How long to wait for a block to include an extrinsic, ms. Default 60 000. */
  inclusionTimeoutMs?: number;
  /** Sync weights and bonds too (`lite: false`). Default false. */
  fullMetagraph?: boolean;
}

export const DEFAULT_EPOCH_LENGTH = 100;
const DEFAULT_POLL_MS = 1000;

type Lifecycle = 'idle' | 'starting' | 'running' | 'stopped';

/** Exponential backoff: `min · 2^(attempt−1)`, capped at `max`. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const min = options.minMs ?? 1000;
  const max = options.maxMs ?? 30_000;
  return Math.min(max, min * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}

/** Waits `ms`, or less if `signal` aborts; never rejects. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // Aborted: the caller checks its signal.
  }
}

export abstract class BaseNeuron {
  readonly netuid: number;
  readonly hotkey: Keypair;
  readonly chain: ChainClient;
  readonly epochLength: number;
  protected readonly log: Logger;
  protected abstract readonly role: NeuronRole;
  readonly #pollMs: number;
  readonly #backoff: BackoffOptions;
  readonly #inclusionTimeoutMs: number;
  readonly #lite: boolean;
  readonly #stop = new AbortController();
  #lifecycle: Lifecycle = 'idle';
  #run: Promise<void> | undefined;
  #metagraph: Metagraph | undefined;
  #uid: number | undefined;
  #head = -1;

  constructor(options: NeuronOptions) {
    this.netuid = options.netuid;
    this.hotkey = options.hotkey;
    this.chain = options.chain;
    this.epochLength = options.epochLength ?? DEFAULT_EPOCH_LENGTH;
    if (!Number.isInteger(this.epochLength) || this.epochLength < 1) {
      throw new RangeError(`epochLength must be a whole number of blocks ≥ 1, got ${this.epochLength}`);
    }
    this.#pollMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    this.#backoff = options.backoff ?? {};
    this.#inclusionTimeoutMs = options.inclusionTimeoutMs ?? 60_000;
    this.#lite = !options.fullMetagraph;
    this.log = (options.logger ?? createLogger()).child({
      netuid: options.netuid,
      hotkey: options.hotkey.ss58Address,
    });
  }

  /** The last synced metagraph; throws before the first sync (`run()` syncs before anything else). */
  get metagraph(): Metagraph {
    if (!this.#metagraph) {
      throw new NeuronError(
        'InvalidLifecycle',
        'the metagraph is not synced yet: call run() or sync() first',
      );
    }
    return this.#metagraph;
  }

  /** The metagraph, or undefined before the first sync. */
  get currentMetagraph(): Metagraph | undefined {
    return this.#metagraph;
  }

  /** This hotkey's uid, from the last sync. */
  get uid(): number | undefined {
    return this.#uid;
  }

  /** The last head block the loop saw (-1 before the first). */
  get block(): number {
    return this.#head;
  }

  /** Started (synced, serving or state loaded) and following the head. */
  get running(): boolean {
    return this.#lifecycle === 'running';
  }

  /** Aborted when `stop()` is called: pass it to anything long-running. */
  protected get signal(): AbortSignal {
    return this.#stop.signal;
  }

  /**
   * Reads the metagraph at the head now. Throws NeuronError `NotRegistered` when this hotkey holds
   * no uid (never registered, or deregistered since), `SubnetNotFound` for an unknown netuid.
   */
  async sync(): Promise<Metagraph> {
    const next = await Metagraph.sync(this.chain, this.netuid, { lite: this.#lite });
    const uid = next.uidOf(this.hotkey.ss58Address);
    if (uid === undefined) {
      throw new NeuronError(
        'NotRegistered',
        `hotkey ${this.hotkey.ss58Address} is not registered on subnet ${this.netuid} (block ${next.block}). ` +
          `Register it first (btcli subnet register --netuid ${this.netuid} with this wallet and hotkey), ` +
          'or check --netuid, --wallet.name, --wallet.hotkey and --subtensor.chain_endpoint.',
      );
    }
    const previous = this.#metagraph;
    this.#metagraph = next;
    this.#uid = uid;
    this.#head = Math.max(this.#head, next.block);
    this.log.debug({ block: next.block, n: next.n, uid }, 'metagraph synced');
    this.onMetagraph(previous, next);
    return next;
  }

  /**
   * Runs until `stop()`: syncs (waiting out an unreachable chain), starts the role, then follows
   * the head. Rejects with a NeuronError the user must act on (see `exitCodeFor`).
   */
  run(): Promise<void> {
    if (this.#lifecycle !== 'idle') {
      return Promise.reject(
        new NeuronError('InvalidLifecycle', `this ${this.role} has already been started; make a new one`),
      );
    }
    this.#lifecycle = 'starting';
    this.#run = this.#main();
    return this.#run;
  }

  /** Stops the loop, lets the role shut down (close the axon, save state), and resolves once done. */
  async stop(): Promise<void> {
    this.#stop.abort();
    if (this.#lifecycle === 'idle') this.#lifecycle = 'stopped';
    await this.#run?.catch(() => undefined);
  }

  /** A new metagraph replaced `previous` (undefined on the first sync). */
  protected onMetagraph(_previous: Metagraph | undefined, _next: Metagraph): void {}

  /** After the first sync, before following the head: start serving, load state. */
  protected async onStart(): Promise<void> {}

  /** Once per new head block, after any resync that was due. */
  protected async onBlock(_head: Head): Promise<void> {}

  /** Always runs once the loop has ended, even after an error. */
  protected async onStop(): Promise<void> {}

  /**
   * Signs `call` with the hotkey and waits for inclusion; undefined (and a log line) if it failed,
   * or if `stop()` came first: shutting down does not wait out a slow block.
   */
  protected async submit(call: Call): Promise<Inclusion | undefined> {
    try {
      const submitted = signAndSubmit(this.chain, this.hotkey, call, {
        timeoutMs: this.#inclusionTimeoutMs,
      });
      const inclusion = await untilAborted(submitted, this.signal).catch((error: unknown) => {
        if (this.signal.aborted && error === this.signal.reason) return undefined;
        throw error;
      });
      if (inclusion === undefined) {
        this.log.info({ call: call.call }, `stopping: ${call.call} sent, its inclusion not awaited`);
        return undefined;
      }
      if (!inclusion.ok) {
        this.log.warn(
          { call: call.call, block: inclusion.blockNumber, code: inclusion.error?.code },
          `${call.call} failed on chain: ${inclusion.error?.message ?? 'unknown error'}`,
        );
      }
      return inclusion;
    } catch (err) {
      this.log.warn({ call: call.call, err }, `${call.call} was not included`);
      return undefined;
    }
  }

  async #main(): Promise<void> {
    try {
      if (!(await this.#firstSync())) return;
      await this.onStart();
      if (this.signal.aborted) return;
      this.#lifecycle = 'running';
      this.log.info({ role: this.role, uid: this.#uid, block: this.#head }, `${this.role} running`);
      await this.#follow();
    } finally {
      this.#lifecycle = 'stopped';
      try {
        await this.onStop();
      } catch (err) {
        this.log.error({ err }, `${this.role} shutdown failed`);
      }
      this.log.info({ role: this.role, block: this.#head }, `${this.role} stopped`);
    }
  }

  /** The first sync, retried while the chain is unreachable; false if stopped meanwhile. */
  async #firstSync(): Promise<boolean> {
    for (let attempt = 1; !this.signal.aborted; attempt++) {
      try {
        await this.sync();
        return true;
      } catch (err) {
        if (err instanceof NeuronError) throw err;
        const retryInMs = backoffDelay(attempt, this.#backoff);
        this.log.warn({ err, attempt, retryInMs }, 'chain unreachable; retrying');
        await sleep(retryInMs, this.signal);
      }
    }
    return false;
  }

  async #follow(): Promise<void> {
    let failures = 0;
    while (!this.signal.aborted) {
      try {
        const head = await this.chain.head();
        if (head.number !== this.#head) {
          this.#head = head.number;
          // A head behind the metagraph means the chain was reset: resync at once.
          const age = head.number - this.metagraph.block;
          if (age >= this.epochLength || age < 0) await this.sync();
          if (this.signal.aborted) break;
          await this.onBlock(head);
        }
        failures = 0;
        await sleep(this.#pollMs, this.signal);
      } catch (err) {
        if (err instanceof NeuronError) throw err;
        if (this.signal.aborted) break;
        failures++;
        const retryInMs = backoffDelay(failures, this.#backoff);
        this.log.warn({ err, failures, retryInMs, block: this.#head }, 'chain call failed; backing off');
        await sleep(retryInMs, this.signal);
      }
    }
  }
}
