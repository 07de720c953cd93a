/**
 * The metagraph: one subnet's neurons at one block, with the Python SDK v10 field names
 * (reference/bittensor-sdk.md §3.2) so code and docs read side by side. `Metagraph.fromNeurons` is
 * the pure conversion from the chain's `NeuronInfo[]`; `Metagraph.sync` is the I/O around it.
 * A metagraph never changes: a resync makes a new one, so the old and the new can be compared.
 */
import type { ChainClient, NeuronInfo } from '@subnetkit/chain';
import { RAO_PER_TAO, type Rao } from '@subnetkit/core';
import type { AxonTarget } from '@subnetkit/protocol';
import { NeuronError } from './errors';

const U16_MAX = 65535;
/** The ip of an axon that was never served, as the SDK shows it. */
export const UNSERVED_IP = '0.0.0.0';

/** A uid's axon as announced on chain; `ip` is `0.0.0.0` and `port` 0 when never served. */
export interface MetagraphAxon extends AxonTarget {
  readonly ip: string;
  readonly port: number;
  readonly hotkey: string;
  readonly coldkey: string;
  readonly version: number;
  /** 4 or 6; 0 when never served. */
  readonly ipType: number;
  readonly protocol: number;
  /** The block of the last `serve_axon`; 0 when never served. */
  readonly block: number;
}

export interface MetagraphOptions {
  /** Default true: no weights or bonds (the SDK's default too). */
  lite?: boolean;
}

/** Rao → TAO as a float, exact to the rao up to 2^53 whole TAO. */
export function raoToTao(rao: Rao): number {
  return Number(rao / RAO_PER_TAO) + Number(rao % RAO_PER_TAO) / Number(RAO_PER_TAO);
}

/** A chain u16 proportion as the SDK's float (`value / 65535`). */
export function u16ToFloat(value: number): number {
  return value / U16_MAX;
}

/** `axon_info.is_serving`: an address other than 0.0.0.0 and a port. */
export function isServing(axon: Pick<MetagraphAxon, 'ip' | 'port'>): boolean {
  return axon.ip !== UNSERVED_IP && axon.port > 0;
}

export class Metagraph {
  readonly netuid: number;
  /** The head block when the neurons were read. */
  readonly block: number;
  readonly n: number;
  readonly lite: boolean;
  readonly uids: readonly number[];
  readonly hotkeys: readonly string[];
  readonly coldkeys: readonly string[];
  readonly axons: readonly MetagraphAxon[];
  /** Total stake per uid, TAO (float); `stakeRao` has the exact amounts. */
  readonly stake: readonly number[];
  readonly stakeRao: readonly Rao[];
  readonly consensus: readonly number[];
  readonly incentive: readonly number[];
  readonly dividends: readonly number[];
  readonly validator_trust: readonly number[];
  /** TAO earned in the last epoch (float); `emissionRao` has the exact amounts. */
  readonly emission: readonly number[];
  readonly emissionRao: readonly Rao[];
  readonly active: readonly boolean[];
  readonly last_update: readonly number[];
  readonly validator_permit: readonly boolean[];
  readonly block_at_registration: readonly number[];
  /** n×n, each row normalised to sum 1 (or all zero); empty when lite. */
  readonly weights: readonly (readonly number[])[];
  /** n×n, raw u16 bonds as stored; empty when lite. */
  readonly bonds: readonly (readonly number[])[];
  readonly #uidByHotkey: ReadonlyMap<string, number>;

  private constructor(netuid: number, block: number, neurons: readonly NeuronInfo[], lite: boolean) {
    const sorted = [...neurons].sort((a, b) => a.uid - b.uid);
    sorted.forEach((neuron, index) => {
      if (neuron.uid !== index) {
        throw new RangeError(`neurons of subnet ${netuid} skip uid ${index} (found ${neuron.uid})`);
      }
    });
    this.netuid = netuid;
    this.block = block;
    this.n = sorted.length;
    this.lite = lite;
    this.uids = sorted.map((x) => x.uid);
    this.hotkeys = sorted.map((x) => x.hotkey);
    this.coldkeys = sorted.map((x) => x.coldkey);
    this.axons = sorted.map(axonOf);
    this.stakeRao = sorted.map((x) => x.stake);
    this.stake = this.stakeRao.map(raoToTao);
    this.consensus = sorted.map((x) => u16ToFloat(x.consensus));
    this.incentive = sorted.map((x) => u16ToFloat(x.incentive));
    this.dividends = sorted.map((x) => u16ToFloat(x.dividends));
    this.validator_trust = sorted.map((x) => u16ToFloat(x.validator_trust));
    this.emissionRao = sorted.map((x) => x.emission);
    this.emission = this.emissionRao.map(raoToTao);
    this.active = sorted.map((x) => x.active);
    this.last_update = sorted.map((x) => x.last_update);
    this.validator_permit = sorted.map((x) => x.validator_permit);
    this.block_at_registration = sorted.map((x) => x.block_at_registration);
    this.weights = lite ? [] : sorted.map((x) => normalizedRow(x.weights ?? [], this.n));
    this.bonds = lite ? [] : sorted.map((x) => denseRow(x.bonds ?? [], this.n));
    this.#uidByHotkey = new Map(this.hotkeys.map((hotkey, uid) => [hotkey, uid]));
  }

  /** The pure conversion: the chain's neurons (any order) at `block`. */
  static fromNeurons(
    netuid: number,
    block: number,
    neurons: readonly NeuronInfo[],
    options: MetagraphOptions = {},
  ): Metagraph {
    return new Metagraph(netuid, block, neurons, options.lite ?? true);
  }

  /** Reads the subnet's neurons at the chain's head. Throws `SubnetNotFound` for an unknown netuid. */
  static async sync(chain: ChainClient, netuid: number, options: MetagraphOptions = {}): Promise<Metagraph> {
    const lite = options.lite ?? true;
    // The head first, as the SDK does: the neurons are at least this recent.
    const head = await chain.head();
    const neurons = await chain.neurons(netuid, { lite });
    if (neurons === null) {
      throw new NeuronError(
        'SubnetNotFound',
        `subnet ${netuid} does not exist on this chain (block ${head.number}); check --netuid and --subtensor.chain_endpoint`,
      );
    }
    return new Metagraph(netuid, head.number, neurons, lite);
  }

  /** The SDK's short names. */
  get S(): readonly number[] {
    return this.stake;
  }
  get C(): readonly number[] {
    return this.consensus;
  }
  get I(): readonly number[] {
    return this.incentive;
  }
  get D(): readonly number[] {
    return this.dividends;
  }
  get Tv(): readonly number[] {
    return this.validator_trust;
  }
  get E(): readonly number[] {
    return this.emission;
  }
  get W(): readonly (readonly number[])[] {
    return this.weights;
  }
  get B(): readonly (readonly number[])[] {
    return this.bonds;
  }

  /** The uid a hotkey holds here, or undefined if it is not registered. */
  uidOf(hotkey: string): number | undefined {
    return this.#uidByHotkey.get(hotkey);
  }

  hasHotkey(hotkey: string): boolean {
    return this.#uidByHotkey.has(hotkey);
  }

  /** Whether `uid` has announced an address to dial. */
  isServing(uid: number): boolean {
    const axon = this.axons[uid];
    return axon !== undefined && isServing(axon);
  }

  /** Uids with a served axon, ascending. */
  servingUids(): number[] {
    return this.uids.filter((uid) => this.isServing(uid));
  }
}

function axonOf(neuron: NeuronInfo): MetagraphAxon {
  const info = neuron.axon_info;
  return {
    ip: info?.ip ?? UNSERVED_IP,
    port: info?.port ?? 0,
    hotkey: neuron.hotkey,
    coldkey: neuron.coldkey,
    version: info?.version ?? 0,
    ipType: info?.ipType ?? 0,
    protocol: info?.protocol ?? 0,
    block: info?.block ?? 0,
  };
}

function denseRow(entries: readonly (readonly [number, number])[], n: number): number[] {
  const row = new Array<number>(n).fill(0);
  for (const [uid, value] of entries) if (uid < n) row[uid] = value;
  return row;
}

/** The SDK divides each weight row by its sum; an empty row stays zero. */
function normalizedRow(entries: readonly (readonly [number, number])[], n: number): number[] {
  const row = denseRow(entries, n);
  const sum = row.reduce((a, b) => a + b, 0);
  return sum === 0 ? row : row.map((w) => w / sum);
}
