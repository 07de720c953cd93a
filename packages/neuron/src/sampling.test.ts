import { describe, expect, it } from 'vitest';
import { neuronInfo, TAO } from '../test/fixtures';
import { Metagraph } from './metagraph';
import { minerCandidates, sampleMiners, sampleWithoutReplacement, seededRng } from './sampling';

const metagraph = Metagraph.fromNeurons(1, 10, [
  neuronInfo(0, { validator_permit: true, stake: 10_000n * TAO }), // a staked validator
  neuronInfo(1, { validator_permit: true, stake: 5n * TAO }), // a permit but little stake: a miner
  neuronInfo(2, { axon_info: null }), // not serving
  neuronInfo(3),
  neuronInfo(4),
  neuronInfo(5),
]);

describe('sampling', () => {
  it('takes serving uids, minus excluded ones and validators above the TAO limit', () => {
    expect(minerCandidates(metagraph, { exclude: [4], vpermitTaoLimit: 4096 })).toEqual([1, 3, 5]);
    expect(minerCandidates(metagraph)).toEqual([0, 1, 3, 4, 5]);
  });

  it('samples without replacement, at most k, deterministically for a seed', () => {
    const a = sampleMiners(metagraph, 3, { rng: seededRng(1), vpermitTaoLimit: 4096 });
    const b = sampleMiners(metagraph, 3, { rng: seededRng(1), vpermitTaoLimit: 4096 });
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(3);
    expect(a.every((uid) => [1, 3, 4, 5].includes(uid))).toBe(true);
    expect(sampleMiners(metagraph, 50, { vpermitTaoLimit: 4096 })).toEqual([1, 3, 4, 5]);
    expect(sampleMiners(metagraph, 0)).toEqual([]);
  });

  it('is uniform: each item is drawn about k/n of the time', () => {
    const rng = seededRng(42);
    const counts = [0, 0, 0, 0, 0];
    const draws = 20_000;
    for (let i = 0; i < draws; i++)
      for (const x of sampleWithoutReplacement([0, 1, 2, 3, 4], 2, rng)) counts[x]!++;
    for (const count of counts) expect(count / draws).toBeCloseTo(0.4, 1);
  });

  it('gives values in [0, 1) from the seeded generator', () => {
    const rng = seededRng(3);
    for (let i = 0; i < 1000; i++) {
      const x = rng();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
