import type { EpochMode } from '@subnetkit/consensus';
import { canonicalJson } from './codec';
import { runCoinbase } from './coinbase/coinbase';
import { rootWeightsPolicy, type SubnetEmissionPolicy } from './coinbase/shares';
import type { ChainEvent } from './events';
import { hashOf, type SignedExtrinsic, type VerifiedExtrinsic } from './extrinsic';
import { Ledger } from './ledger';
import { applyExtrinsic } from './pallet/dispatch';
import type { ChainState } from './state';

export interface BlockHeader {
  number: number;
  parentHash: string;
  /** Hash over the included extrinsics' hashes, in order. */
  extrinsicsRoot: string;
  /** Milliseconds since the epoch, from the block producer's clock. */
  timestamp: number;
}

export interface Block {
  hash: string;
  header: BlockHeader;
  /** Included extrinsics, successful or failed (their outcome is in the events). */
  extrinsics: SignedExtrinsic[];
  events: ChainEvent[];
}

export interface BlockOptions {
  timestamp: number;
  policy?: SubnetEmissionPolicy;
  /** Arithmetic of the epochs: the chain's own is 'exact'. */
  mode?: EpochMode;
}

export interface ProducedBlock {
  block: Block;
  /** Storage records the block changed: what the store must write. */
  dirty: Set<string>;
  /** Extrinsics whose nonce is not reached yet: they wait for a later block. */
  deferred: VerifiedExtrinsic[];
  /**
   * Extrinsics left out for good: their nonce was already used (by an earlier block, or by another
   * extrinsic of the same signer in this one). Substrate drops such a transaction as stale.
   */
  stale: VerifiedExtrinsic[];
}

export function headerHash(header: BlockHeader): string {
  return hashOf(canonicalJson(header));
}

/**
 * Produces the next block on `state` (mutated in place): the coinbase and due epochs first (as
 * Subtensor's `on_initialize` block step), then the extrinsics in order. An extrinsic whose nonce
 * is ahead of its signer waits, one whose nonce is used is left out (stale); any other is included,
 * bumps its signer's nonce, and if its call fails changes nothing else.
 */
export function produceBlock(
  state: ChainState,
  candidates: VerifiedExtrinsic[],
  options: BlockOptions,
): ProducedBlock {
  const ledger = new Ledger(state);
  const events: ChainEvent[] = [];
  const emit = (e: ChainEvent) => events.push(e);
  state.block += 1;
  ledger.touchGlobal();
  for (const subnet of state.subnets.values()) {
    if (subnet.registrationsThisBlock !== 0) {
      subnet.registrationsThisBlock = 0;
      ledger.touchSubnet(subnet);
    }
  }
  runCoinbase(ledger, options.policy ?? rootWeightsPolicy, emit, options.mode ?? 'exact');

  const included: VerifiedExtrinsic[] = [];
  const stale: VerifiedExtrinsic[] = [];
  let waiting = candidates;
  // Passes until nothing more applies, so a signer's later nonce can follow its earlier one even
  // when the two arrived out of order.
  for (let progress = true; progress && waiting.length > 0; ) {
    progress = false;
    const next: VerifiedExtrinsic[] = [];
    for (const ext of waiting) {
      const accountNonce = ledger.account(ext.signer).nonce;
      if (ext.nonce > accountNonce) {
        next.push(ext);
        continue;
      }
      if (ext.nonce < accountNonce) {
        stale.push(ext);
        continue;
      }
      applyExtrinsic(ledger, ext, emit);
      included.push(ext);
      progress = true;
    }
    waiting = next;
  }
  const deferred = waiting;
  const header: BlockHeader = {
    number: state.block,
    parentHash: state.headHash,
    extrinsicsRoot: hashOf(included.map((e) => e.hash).join(',')),
    timestamp: options.timestamp,
  };
  const hash = headerHash(header);
  state.headHash = hash;
  return {
    block: { hash, header, extrinsics: included.map((e) => e.wire), events },
    dirty: ledger.dirty,
    deferred,
    stale,
  };
}

/** The supply invariant, to the rao: Σ free + Σ stake + Σ pending + recycled = total issuance. */
export function supplyReport(state: ChainState): {
  free: bigint;
  stake: bigint;
  pending: bigint;
  recycled: bigint;
  totalIssuance: bigint;
  balanced: boolean;
} {
  let free = 0n;
  for (const a of state.accounts.values()) free += a.free;
  let stake = 0n;
  for (const byColdkey of state.stake.values()) for (const s of byColdkey.values()) stake += s;
  let pending = 0n;
  for (const s of state.subnets.values()) pending += s.pending.server + s.pending.validator + s.pending.owner;
  const { recycled, totalIssuance } = state;
  return {
    free,
    stake,
    pending,
    recycled,
    totalIssuance,
    balanced: free + stake + pending + recycled === totalIssuance,
  };
}
