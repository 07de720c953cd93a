import { Keypair, taoToRao } from '@subnetkit/core';
import { canonicalJson } from './codec';
import { hashOf } from './extrinsic';
import type { AccountId, ChainState } from './state';

export interface GenesisConfig {
  /** Names the chain; part of the genesis hash, so signatures never replay across chains. */
  chainId: string;
  /** Dev chains allow chosen netuids and get funded dev accounts. */
  dev: boolean;
  balances: [AccountId, bigint][];
  /** Subtensor's `NetworkMinLockCost`. */
  minLockCost?: bigint;
  /** Subtensor's `NetworkLockReductionInterval` (14 days at 12 s). */
  lockReductionInterval?: number;
  maxSubnets?: number;
  rootMaxMembers?: number;
  stakeThreshold?: bigint;
}

export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;
/** Each dev account starts with 1,000,000 TAO. */
export const DEV_BALANCE = taoToRao(1_000_000);

/** The dev genesis: `//Alice` … `//Ferdie` funded. Call `cryptoReady()` from @subnetkit/core first. */
export function devGenesisConfig(chainId = 'subnetkit-dev'): GenesisConfig {
  return {
    chainId,
    dev: true,
    balances: DEV_ACCOUNTS.map((name): [AccountId, bigint] => [
      Keypair.fromUri(`//${name}`).ss58Address,
      DEV_BALANCE,
    ]),
    minLockCost: taoToRao(100),
  };
}

export function genesisState(config: GenesisConfig): ChainState {
  const { balances } = config;
  const genesisHash = hashOf(
    canonicalJson({ chainId: config.chainId, dev: config.dev, balances: balances.map(([a, b]) => [a, b]) }),
  );
  const totalIssuance = balances.reduce((acc, [, amount]) => acc + amount, 0n);
  return {
    genesisHash,
    headHash: genesisHash,
    block: 0,
    totalIssuance,
    recycled: 0n,
    accounts: new Map(balances.map(([id, free]) => [id, { free, nonce: 0 }])),
    stake: new Map(),
    hotkeyOwner: new Map(),
    takes: new Map(),
    subnets: new Map(),
    network: {
      lastLockCost: config.minLockCost ?? taoToRao(1_000),
      lastLockBlock: 0,
      minLockCost: config.minLockCost ?? taoToRao(1_000),
      lockReductionInterval: config.lockReductionInterval ?? 100_800,
      maxSubnets: config.maxSubnets ?? 128,
      allowChosenNetuid: config.dev,
    },
    root: { members: [], maxMembers: config.rootMaxMembers ?? 64, weights: new Map() },
    stakeThreshold: config.stakeThreshold ?? 0n,
  };
}
