import type { Hyperparameters } from './hyperparameters';
import { Ledger } from './ledger';
import { networkLockCost, ROOT_NETUID } from './pallet/subnets';
import { type AccountId, type AxonInfo, type ChainState, DEFAULT_TAKE, totalStakeOf } from './state';

/**
 * Read-only views of the state, shaped like Subtensor's runtime APIs (`NeuronInfo`,
 * `SubnetInfo`), shared by the RPC server and the in-process client. Pure: state in, data out.
 */
export interface AccountInfo {
  address: AccountId;
  free: bigint;
  nonce: number;
  /** Rao this coldkey has staked, on all hotkeys. */
  staked: bigint;
}

export interface SubnetInfo {
  netuid: number;
  owner_coldkey: AccountId;
  owner_hotkey: AccountId;
  registered_at: number;
  n: number;
  burn: bigint;
  last_epoch_block: number;
  pending_emission: bigint;
  pending_owner_cut: bigint;
  hyperparameters: Hyperparameters;
}

export interface NeuronInfo {
  uid: number;
  netuid: number;
  hotkey: AccountId;
  coldkey: AccountId;
  active: boolean;
  /** Total stake on the hotkey, rao. */
  stake: bigint;
  validator_permit: boolean;
  /** u16 proportions as stored on chain (divide by 65535). */
  stake_weight: number;
  consensus: number;
  incentive: number;
  dividends: number;
  validator_trust: number;
  /** Rao earned in the last epoch. */
  emission: bigint;
  last_update: number;
  block_at_registration: number;
  axon_info: AxonInfo | null;
  /** Stored rows [uid, u16]; only when not lite. */
  weights?: [number, number][];
  bonds?: [number, number][];
}

export function accountInfo(state: ChainState, address: AccountId): AccountInfo {
  const account = state.accounts.get(address) ?? { free: 0n, nonce: 0 };
  let staked = 0n;
  for (const byColdkey of state.stake.values()) staked += byColdkey.get(address) ?? 0n;
  return { address, free: account.free, nonce: account.nonce, staked };
}

export function subnetInfo(state: ChainState, netuid: number): SubnetInfo | null {
  const s = state.subnets.get(netuid);
  if (!s) return null;
  return {
    netuid,
    owner_coldkey: s.ownerColdkey,
    owner_hotkey: s.ownerHotkey,
    registered_at: s.registeredAt,
    n: s.neurons.length,
    burn: s.burn,
    last_epoch_block: s.lastEpochBlock,
    pending_emission: s.pending.server + s.pending.validator,
    pending_owner_cut: s.pending.owner,
    hyperparameters: { ...s.hyper },
  };
}

export function listSubnets(state: ChainState): SubnetInfo[] {
  return [...state.subnets.keys()].sort((a, b) => a - b).map((n) => subnetInfo(state, n)!);
}

export function neurons(
  state: ChainState,
  netuid: number,
  options: { lite?: boolean } = {},
): NeuronInfo[] | null {
  const s = state.subnets.get(netuid);
  if (!s) return null;
  return s.neurons.map((n) => ({
    uid: n.uid,
    netuid,
    hotkey: n.hotkey,
    coldkey: n.coldkey,
    active: n.active,
    stake: totalStakeOf(state, n.hotkey),
    validator_permit: n.validatorPermit,
    stake_weight: n.stakeWeight,
    consensus: n.consensus,
    incentive: n.incentive,
    dividends: n.dividends,
    validator_trust: n.validatorTrust,
    emission: n.emission,
    last_update: n.lastUpdate,
    block_at_registration: n.registeredAt,
    axon_info: n.axon,
    ...(options.lite === false ? { weights: n.weights, bonds: n.bonds } : {}),
  }));
}

export function stakesOf(state: ChainState, hotkey: AccountId) {
  return {
    hotkey,
    owner: state.hotkeyOwner.get(hotkey) ?? null,
    take: state.takes.get(hotkey) ?? DEFAULT_TAKE,
    total: totalStakeOf(state, hotkey),
    stakers: [...(state.stake.get(hotkey) ?? new Map<AccountId, bigint>()).entries()].map(
      ([coldkey, amount]) => ({
        coldkey,
        amount,
      }),
    ),
  };
}

export function chainInfo(state: ChainState) {
  return {
    genesis_hash: state.genesisHash,
    block: state.block,
    head_hash: state.headHash,
    total_issuance: state.totalIssuance,
    recycled: state.recycled,
    network_lock_cost: networkLockCost(new Ledger(state)),
    root: {
      netuid: ROOT_NETUID,
      members: [...state.root.members],
      weights: Object.fromEntries(state.root.weights),
    },
  };
}
