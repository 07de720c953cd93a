import { produceBlock } from '../block';
import { decodeCall } from '../calls';
import { encodeRecord } from '../codec';
import { rootWeightsPolicy, type SubnetEmissionPolicy } from '../coinbase/shares';
import { extrinsicHash, type SignedExtrinsic, type VerifiedExtrinsic } from '../extrinsic';
import type { ChainState } from '../state';
import type { ChainStore } from './chain-store';
import { StoreError } from './errors';

export interface ReplayOptions {
  /** Last block to replay; default the head. */
  to?: number;
  /** The chain's emission policy, when it is not the built-in root-weights one. */
  policy?: SubnetEmissionPolicy;
}

/**
 * Signatures are not checked again: the node verified each one before a block included it, and the
 * replay reads the node's own database. Decoding still validates every call.
 */
function decodeStored(wire: SignedExtrinsic): VerifiedExtrinsic {
  return {
    hash: extrinsicHash(wire),
    signer: wire.signer,
    nonce: wire.nonce,
    call: decodeCall(wire.call),
    wire,
  };
}

function policyFor(store: ChainStore, given: SubnetEmissionPolicy | undefined): SubnetEmissionPolicy {
  const { policy } = store.params;
  if (given?.name === policy) return given;
  if (!given && policy === rootWeightsPolicy.name) return rootWeightsPolicy;
  throw new StoreError(
    'ReplayMismatch',
    `the chain uses emission policy "${policy}"${given ? `, not "${given.name}"` : ''}; pass that policy to replay it`,
  );
}

/**
 * The state at block `to`, rebuilt from the genesis by running every stored block's extrinsics
 * through `produceBlock` with the block's own timestamp. Each block must come out with its stored
 * hash and events, so a replay also checks that the stored history is self-consistent.
 */
export function replayChain(store: ChainStore, options: ReplayOptions = {}): ChainState {
  const head = store.head().header.number;
  const to = options.to ?? head;
  if (!Number.isInteger(to) || to < 0 || to > head) {
    throw new StoreError('BlockNotFound', `block ${to} is not stored; the chain is at block ${head}`);
  }
  const policy = policyFor(store, options.policy);
  const { mode } = store.params;
  const state = store.genesisState();
  for (const stored of store.blocks(1, to)) {
    const { block, deferred, stale } = produceBlock(state, stored.extrinsics.map(decodeStored), {
      timestamp: stored.header.timestamp,
      policy,
      mode,
    });
    const number = stored.header.number;
    if (block.hash !== stored.hash || deferred.length > 0 || stale.length > 0) {
      throw new StoreError(
        'ReplayMismatch',
        `block ${number} replays to hash ${block.hash}, the store has ${stored.hash}`,
      );
    }
    if (encodeRecord(block.events) !== encodeRecord(stored.events)) {
      throw new StoreError('ReplayMismatch', `block ${number} replays to other events than the stored ones`);
    }
  }
  return state;
}
