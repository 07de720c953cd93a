import type { ChainErrorCode } from './errors';
import type { AccountId } from './state';

/** What happened in a block, in order. Rao amounts are bigint (decimal strings on the wire). */
export type ChainEvent =
  | { type: 'ExtrinsicSuccess'; hash: string; signer: AccountId; call: string }
  | {
      type: 'ExtrinsicFailed';
      hash: string;
      signer: AccountId;
      call: string;
      error: ChainErrorCode;
      message: string;
    }
  | { type: 'Transfer'; from: AccountId; to: AccountId; amount: bigint }
  | { type: 'NetworkRegistered'; netuid: number; owner: AccountId; hotkey: AccountId; lockCost: bigint }
  | {
      type: 'NeuronRegistered';
      netuid: number;
      uid: number;
      hotkey: AccountId;
      burn: bigint;
      replaced: AccountId | null;
    }
  | { type: 'StakeAdded'; coldkey: AccountId; hotkey: AccountId; amount: bigint }
  | { type: 'StakeRemoved'; coldkey: AccountId; hotkey: AccountId; amount: bigint }
  | { type: 'WeightsSet'; netuid: number; uid: number; count: number }
  | { type: 'AxonServed'; netuid: number; hotkey: AccountId; ip: string; port: number }
  | { type: 'HyperparameterSet'; netuid: number; name: string; value: number | bigint | boolean }
  | { type: 'TakeSet'; hotkey: AccountId; take: number }
  | { type: 'RootRegistered'; hotkey: AccountId; replaced: AccountId | null }
  | { type: 'RootWeightsSet'; hotkey: AccountId; count: number }
  | { type: 'Coinbase'; minted: bigint; blockEmission: bigint }
  | {
      type: 'EpochRun';
      netuid: number;
      emission: bigint;
      incentivePaid: bigint;
      dividendsPaid: bigint;
      ownerPaid: bigint;
      recycled: bigint;
    }
  | { type: 'BurnAdjusted'; netuid: number; burn: bigint };

export type EventSink = (event: ChainEvent) => void;
