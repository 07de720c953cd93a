import type { Hyperparameters } from './hyperparameters';

/** An SS58 address (prefix 42). */
export type AccountId = string;

export interface Account {
  free: bigint;
  nonce: number;
}

export interface AxonInfo {
  block: number;
  version: number;
  ip: string;
  port: number;
  ipType: 4 | 6;
  protocol: number;
}

/** A uid's slot in a subnet: identity, weights and bonds as stored, and the last epoch's outputs (u16). */
export interface Neuron {
  uid: number;
  hotkey: AccountId;
  coldkey: AccountId;
  /** `BlockAtRegistration`: masks weights and bonds set before this neuron took the uid. */
  registeredAt: number;
  /** `LastUpdate`: the last block this uid set weights (or registered). */
  lastUpdate: number;
  /** Stored rows: [uid, u16], weights max-upscaled by set_weights. */
  weights: [number, number][];
  bonds: [number, number][];
  axon: AxonInfo | null;
  validatorPermit: boolean;
  active: boolean;
  stakeWeight: number;
  consensus: number;
  incentive: number;
  dividends: number;
  validatorTrust: number;
  /** Rao this uid earned in the last epoch (incentive + dividends). */
  emission: bigint;
}

/** Emission accumulated each block and paid out at the subnet's epoch (reference/yuma.md §c). */
export interface PendingEmission {
  server: bigint;
  validator: bigint;
  owner: bigint;
}

export interface Subnet {
  netuid: number;
  ownerColdkey: AccountId;
  ownerHotkey: AccountId;
  registeredAt: number;
  hyper: Hyperparameters;
  neurons: Neuron[];
  /** Current burned-registration cost. */
  burn: bigint;
  registrationsThisBlock: number;
  registrationsThisInterval: number;
  lastAdjustmentBlock: number;
  pending: PendingEmission;
  /** Block of the last epoch; 0 before the first. */
  lastEpochBlock: number;
}

export interface NetworkRegistration {
  lastLockCost: bigint;
  lastLockBlock: number;
  minLockCost: bigint;
  /** Blocks over which the doubled lock cost decays back by one `lastLockCost`. */
  lockReductionInterval: number;
  maxSubnets: number;
  /** Dev chains may create subnets at chosen netuids (1, 11, 19 for the reference subnets). */
  allowChosenNetuid: boolean;
}

export interface RootNetwork {
  /** Hotkeys registered on the root network. */
  members: AccountId[];
  maxMembers: number;
  /** Root weights over subnets: [netuid, u16] per member. */
  weights: Map<AccountId, [number, number][]>;
}

/**
 * Everything the chain knows. Total issuance counts every rao ever minted (genesis and
 * coinbase); recycled rao left circulation. Invariant after every block:
 * Σ free + Σ stake + Σ pending + recycled = totalIssuance.
 */
export interface ChainState {
  genesisHash: string;
  /** Hash of the last block produced (the genesis hash at block 0). */
  headHash: string;
  /** Number of the last block produced (0 = genesis). */
  block: number;
  totalIssuance: bigint;
  recycled: bigint;
  accounts: Map<AccountId, Account>;
  /** hotkey → coldkey → staked rao. */
  stake: Map<AccountId, Map<AccountId, bigint>>;
  /** The coldkey that owns each hotkey (Subtensor's `Owner`). */
  hotkeyOwner: Map<AccountId, AccountId>;
  /** Validator take per hotkey, u16 proportion of dividends kept before nominators are paid. */
  takes: Map<AccountId, number>;
  subnets: Map<number, Subnet>;
  network: NetworkRegistration;
  root: RootNetwork;
  /** `StakeThreshold`: rao a hotkey needs to count in consensus and to set weights. */
  stakeThreshold: bigint;
}

/** Default validator take: 11796/65535 ≈ 18%. */
export const DEFAULT_TAKE = 11796;
/** Subtensor's `MaxDelegateTake`. */
export const MAX_TAKE = 11796;

export function totalStakeOf(state: ChainState, hotkey: AccountId): bigint {
  let total = 0n;
  for (const amount of state.stake.get(hotkey)?.values() ?? []) total += amount;
  return total;
}

export function emptyNeuronOutputs(): Pick<
  Neuron,
  | 'validatorPermit'
  | 'active'
  | 'stakeWeight'
  | 'consensus'
  | 'incentive'
  | 'dividends'
  | 'validatorTrust'
  | 'emission'
> {
  return {
    validatorPermit: false,
    active: true,
    stakeWeight: 0,
    consensus: 0,
    incentive: 0,
    dividends: 0,
    validatorTrust: 0,
    emission: 0n,
  };
}
