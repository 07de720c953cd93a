import type { Keypair } from '@subnetkit/core';
import type { BlockHeader } from '../block';
import type { Call } from '../calls';
import type { ChainErrorCode } from '../errors';
import type { ChainEvent } from '../events';
import type { SignedExtrinsic } from '../extrinsic';
import { signExtrinsic } from '../extrinsic';
import type { AccountInfo, NeuronInfo, SubnetInfo } from '../queries';

export interface Head extends BlockHeader {
  hash: string;
}

/** The outcome of an extrinsic once a block included it. */
export interface Inclusion {
  hash: string;
  blockNumber: number;
  blockHash: string;
  ok: boolean;
  /** Set when the chain rejected the extrinsic (it changed nothing). */
  error?: { code: ChainErrorCode; message: string };
  /** The events the extrinsic caused, in order. */
  events: ChainEvent[];
}

export type Unsubscribe = () => Promise<void>;

/**
 * How neurons, the CLI and the dashboard talk to the chain. Two implementations with the same
 * behaviour: in-process (tests, embedded use) and RPC (real runs, over WebSocket, reconnecting
 * after a node restart). A Subtensor adapter (@polkadot/api) can implement it later.
 */
export interface ChainClient {
  genesisHash(): Promise<string>;
  head(): Promise<Head>;
  /** Calls `onHead` for every new block, in order, until unsubscribed. */
  subscribeHeads(onHead: (head: Head) => void): Promise<Unsubscribe>;
  /** Calls `onEvents` with every new block's events. */
  subscribeEvents(onEvents: (block: Head, events: ChainEvent[]) => void): Promise<Unsubscribe>;
  account(address: string): Promise<AccountInfo>;
  /** The next nonce to sign with, counting extrinsics already waiting in the pool. */
  nextNonce(address: string): Promise<number>;
  subnets(): Promise<SubnetInfo[]>;
  subnet(netuid: number): Promise<SubnetInfo | null>;
  /** The subnet's neurons with every metagraph field; weights and bonds when `lite` is false. */
  neurons(netuid: number, options?: { lite?: boolean }): Promise<NeuronInfo[] | null>;
  /** Sends a signed extrinsic to the pool; resolves with its hash, rejects with a ChainError if refused. */
  submit(extrinsic: SignedExtrinsic): Promise<string>;
  /** Sends and resolves once a block includes it (successful or failed), or rejects after `timeoutMs`. */
  submitAndWait(extrinsic: SignedExtrinsic, options?: { timeoutMs?: number }): Promise<Inclusion>;
  close(): Promise<void>;
}

/** Signs `call` with the key's next nonce and waits for inclusion: what a neuron does to act on chain. */
export async function signAndSubmit(
  client: ChainClient,
  keypair: Keypair,
  call: Call,
  options?: { timeoutMs?: number },
): Promise<Inclusion> {
  const [genesisHash, nonce] = await Promise.all([
    client.genesisHash(),
    client.nextNonce(keypair.ss58Address),
  ]);
  return client.submitAndWait(signExtrinsic(call, keypair, nonce, genesisHash), options);
}
