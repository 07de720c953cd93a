/**
 * Which miners a validator queries in a step: `get_random_uids` of the classic template
 * (reference/bittensor-sdk.md §7.1), uniform without replacement, with the random source injected
 * so a test can fix the draw.
 */
import type { Rng } from '@subnetkit/core';
import type { Metagraph } from './metagraph';

// The seeded generator lives in core (benchmarks and chain tests use it too); the neuron API keeps
// offering it beside the sampling it feeds.
export { type Rng, seededRng } from '@subnetkit/core';

/** `k` distinct items of `items`, each subset equally likely (partial Fisher–Yates). */
export function sampleWithoutReplacement<T>(items: readonly T[], k: number, rng: Rng = Math.random): T[] {
  const pool = [...items];
  const take = Math.max(0, Math.min(Math.floor(k), pool.length));
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}

export interface MinerCandidateOptions {
  /** Uids never to query: this validator's own, for one. */
  exclude?: Iterable<number>;
  /**
   * Skip validators: a uid with a validator permit and more than this much stake (TAO) is not a
   * miner. The template's `--neuron.vpermit_tao_limit`, 4096. `Infinity` keeps every uid.
   */
  vpermitTaoLimit?: number;
}

/** The uids worth querying: serving an axon, not excluded, not a staked validator. */
export function minerCandidates(metagraph: Metagraph, options: MinerCandidateOptions = {}): number[] {
  const exclude = new Set(options.exclude ?? []);
  const limit = options.vpermitTaoLimit ?? Number.POSITIVE_INFINITY;
  return metagraph.uids.filter(
    (uid) =>
      !exclude.has(uid) &&
      metagraph.isServing(uid) &&
      !(metagraph.validator_permit[uid] && metagraph.stake[uid]! > limit),
  );
}

/** Up to `k` candidate miners, uniformly without replacement, in ascending uid order. */
export function sampleMiners(
  metagraph: Metagraph,
  k: number,
  options: MinerCandidateOptions & { rng?: Rng } = {},
): number[] {
  return sampleWithoutReplacement(minerCandidates(metagraph, options), k, options.rng).sort((a, b) => a - b);
}
