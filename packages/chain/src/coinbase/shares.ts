import type { ChainState } from '../state';
import { totalStakeOf } from '../state';

/**
 * How a block's emission is shared between subnets. Behind an interface so that dynamic TAO
 * (shares by subnet price) can replace the root mechanism without touching the coinbase.
 */
export interface SubnetEmissionPolicy {
  readonly name: string;
  /** Rao per subnet for this block; the total never exceeds `blockEmission`. */
  split(state: ChainState, blockEmission: bigint): Map<number, bigint>;
}

const SCALE = 1n << 64n;

/**
 * Root mechanism (Bittensor before dynamic TAO): each root member's weights over subnets are
 * row-normalised and weighted by its stake; a subnet's share is its total. Until any member has
 * set weights, every subnet gets an equal share. Exact integer arithmetic; remainders stay unminted.
 */
export const rootWeightsPolicy: SubnetEmissionPolicy = {
  name: 'root-weights',
  split(state, blockEmission) {
    const netuids = [...state.subnets.keys()].sort((a, b) => a - b);
    const out = new Map<number, bigint>();
    if (netuids.length === 0 || blockEmission === 0n) return out;
    const scores = new Map<number, bigint>(netuids.map((n) => [n, 0n]));
    for (const member of state.root.members) {
      const row = (state.root.weights.get(member) ?? []).filter(([n]) => scores.has(n));
      const rowSum = row.reduce((acc, [, w]) => acc + BigInt(w), 0n);
      const stake = totalStakeOf(state, member);
      if (rowSum === 0n || stake === 0n) continue;
      for (const [n, w] of row) scores.set(n, scores.get(n)! + (stake * BigInt(w) * SCALE) / rowSum);
    }
    const total = [...scores.values()].reduce((a, b) => a + b, 0n);
    for (const n of netuids) {
      out.set(
        n,
        total === 0n ? blockEmission / BigInt(netuids.length) : (blockEmission * scores.get(n)!) / total,
      );
    }
    return out;
  },
};
