import type { Hyperparameters, NeuronInfo, SubnetInfo } from '@subnetkit/chain';
import { formatTao, raoToTaoString } from '@subnetkit/core';
import { type Column, formatTable } from './table';

/** The chain stores these as u16 proportions; the SDK shows them as floats (reference/bittensor-sdk.md §3.2). */
const U16_MAX = 65_535;

/** `bittensor.AxonInfo` as the SDK's metagraph lists it; ip 0.0.0.0 and port 0 when never served. */
export interface MetagraphAxon {
  ip: string;
  port: number;
  ip_type: number;
  protocol: number;
  version: number;
  hotkey: string;
  coldkey: string;
}

/**
 * A subnet's metagraph with the field names of the Bittensor SDK (reference/bittensor-sdk.md §3.2):
 * per-uid arrays of length n, stake and emission in TAO, u16 values as floats. Fields the chain has
 * no counterpart for (alpha_stake, tao_stake, the dynamic-TAO pool, the removed ranks and trust)
 * are left out rather than faked.
 */
export interface MetagraphJson {
  netuid: number;
  n: number;
  block: number;
  tempo: number;
  last_step: number;
  blocks_since_last_step: number;
  owner_hotkey: string;
  owner_coldkey: string;
  uids: number[];
  hotkeys: string[];
  coldkeys: string[];
  addresses: string[];
  axons: MetagraphAxon[];
  stake: number[];
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validator_trust: number[];
  emission: number[];
  active: number[];
  last_update: number[];
  validator_permit: boolean[];
  block_at_registration: number[];
  /** n×n rows, only with lite off (`--no-lite`); empty otherwise, as the SDK's lite default. */
  weights: number[][];
  bonds: number[][];
  hparams: Hyperparameters;
}

/** Rao as a float of TAO, exact to the nearest double. */
export function taoFloat(rao: bigint): number {
  return Number(raoToTaoString(rao));
}

export function u16Float(value: number): number {
  return value / U16_MAX;
}

function axonOf(neuron: NeuronInfo): MetagraphAxon {
  const axon = neuron.axon_info;
  return {
    ip: axon?.ip ?? '0.0.0.0',
    port: axon?.port ?? 0,
    ip_type: axon?.ipType ?? 4,
    protocol: axon?.protocol ?? 0,
    version: axon?.version ?? 0,
    hotkey: neuron.hotkey,
    coldkey: neuron.coldkey,
  };
}

/** The SDK's `AxonInfo.ip_str()`: `/ipv4/1.2.3.4:8091`. */
function ipStr(axon: MetagraphAxon): string {
  return `/ipv${axon.ip_type}/${axon.ip}:${axon.port}`;
}

/** Sparse stored rows [uid, u16] as a dense row of floats over n uids. */
function denseRow(row: [number, number][] | undefined, n: number): number[] {
  const dense = new Array<number>(n).fill(0);
  for (const [uid, value] of row ?? []) if (uid < n) dense[uid] = u16Float(value);
  return dense;
}

export function toMetagraphJson(subnet: SubnetInfo, neurons: NeuronInfo[], block: number): MetagraphJson {
  const sorted = [...neurons].sort((a, b) => a.uid - b.uid);
  const axons = sorted.map(axonOf);
  const n = sorted.length;
  const withMatrices = sorted.some((x) => x.weights !== undefined);
  return {
    netuid: subnet.netuid,
    n,
    block,
    tempo: subnet.hyperparameters.tempo,
    last_step: subnet.last_epoch_block,
    blocks_since_last_step: block - subnet.last_epoch_block,
    owner_hotkey: subnet.owner_hotkey,
    owner_coldkey: subnet.owner_coldkey,
    uids: sorted.map((x) => x.uid),
    hotkeys: sorted.map((x) => x.hotkey),
    coldkeys: sorted.map((x) => x.coldkey),
    addresses: axons.map(ipStr),
    axons,
    stake: sorted.map((x) => taoFloat(x.stake)),
    consensus: sorted.map((x) => u16Float(x.consensus)),
    incentive: sorted.map((x) => u16Float(x.incentive)),
    dividends: sorted.map((x) => u16Float(x.dividends)),
    validator_trust: sorted.map((x) => u16Float(x.validator_trust)),
    emission: sorted.map((x) => taoFloat(x.emission)),
    active: sorted.map((x) => (x.active ? 1 : 0)),
    last_update: sorted.map((x) => x.last_update),
    validator_permit: sorted.map((x) => x.validator_permit),
    block_at_registration: sorted.map((x) => x.block_at_registration),
    weights: withMatrices ? sorted.map((x) => denseRow(x.weights, n)) : [],
    bonds: withMatrices ? sorted.map((x) => denseRow(x.bonds, n)) : [],
    hparams: subnet.hyperparameters,
  };
}

/** `5GrwvaEF…` → `5Grwva…utQY`: enough to tell keys apart in a table. */
export function shortKey(address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`;
}

const float = (value: number) => value.toFixed(5);

const COLUMNS: Column<NeuronInfo>[] = [
  { header: 'UID', value: (x) => String(x.uid), align: 'right' },
  { header: 'HOTKEY', value: (x) => shortKey(x.hotkey) },
  { header: 'COLDKEY', value: (x) => shortKey(x.coldkey) },
  { header: 'STAKE(τ)', value: (x) => formatTao(x.stake, { symbol: false, decimals: 4 }), align: 'right' },
  { header: 'CONSENSUS', value: (x) => float(u16Float(x.consensus)), align: 'right' },
  { header: 'INCENTIVE', value: (x) => float(u16Float(x.incentive)), align: 'right' },
  { header: 'DIVIDENDS', value: (x) => float(u16Float(x.dividends)), align: 'right' },
  { header: 'VTRUST', value: (x) => float(u16Float(x.validator_trust)), align: 'right' },
  {
    header: 'EMISSION(τ)',
    value: (x) => formatTao(x.emission, { symbol: false, decimals: 6 }),
    align: 'right',
  },
  { header: 'ACTIVE', value: (x) => (x.active ? '1' : '0'), align: 'right' },
  { header: 'VPERMIT', value: (x) => (x.validator_permit ? '*' : ''), align: 'right' },
  { header: 'UPDATED', value: (x) => String(x.last_update), align: 'right' },
  {
    header: 'AXON',
    value: (x) => (x.axon_info ? `${x.axon_info.ip}:${x.axon_info.port}` : 'none'),
  },
];

/** The human view: a summary line, then one row per uid. */
export function formatMetagraph(subnet: SubnetInfo, neurons: NeuronInfo[], block: number): string {
  const sorted = [...neurons].sort((a, b) => a.uid - b.uid);
  const stake = sorted.reduce((sum, x) => sum + x.stake, 0n);
  const emission = sorted.reduce((sum, x) => sum + x.emission, 0n);
  const h = subnet.hyperparameters;
  const summary =
    `Metagraph: netuid ${subnet.netuid}, block ${block}, n ${sorted.length}/${h.max_allowed_uids}, ` +
    `stake ${formatTao(stake, { decimals: 4 })}, emission ${formatTao(emission, { decimals: 6 })}, ` +
    `tempo ${h.tempo}, last epoch ${subnet.last_epoch_block}, owner ${shortKey(subnet.owner_coldkey)}`;
  if (sorted.length === 0) return `${summary}\n(no neurons registered)\n`;
  return `${summary}\n\n${formatTable(COLUMNS, sorted)}\n`;
}
