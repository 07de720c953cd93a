import { describe, expect, it } from 'vitest';
import { blocksUntilWeightsAllowed, planWeights, type WeightsPlanInput } from './weights';

const base: WeightsPlanInput = {
  scores: [0, 0.5, 0.25, 0.25],
  uid: 0,
  validatorPermit: true,
  head: 200,
  lastUpdate: 100,
  hyperparameters: { weights_rate_limit: 100, min_allowed_weights: 1, weights_version: 3 },
};

describe('planWeights', () => {
  it('normalises and encodes the scores as u16 with the subnet weights_version as version key', () => {
    expect(planWeights(base)).toEqual({
      action: 'set',
      uids: [1, 2, 3],
      weights: [65535, 32768, 32768],
      versionKey: 3,
    });
  });

  it('respects the rate limit as the chain counts it (the including block, head + 1)', () => {
    expect(planWeights({ ...base, head: 198 })).toMatchObject({ action: 'skip', reason: 'RateLimited' });
    expect(planWeights({ ...base, head: 199 }).action).toBe('set');
    expect(blocksUntilWeightsAllowed(190, 100, 100)).toBe(9);
    expect(blocksUntilWeightsAllowed(250, 100, 100)).toBe(0);
  });

  it('skips rather than submit fewer weights than min_allowed_weights', () => {
    const plan = planWeights({
      ...base,
      hyperparameters: { ...base.hyperparameters, min_allowed_weights: 4 },
    });
    expect(plan).toMatchObject({ action: 'skip', reason: 'TooFewWeights' });
    // The chain caps the minimum at n.
    const small = planWeights({
      ...base,
      scores: [0, 1],
      hyperparameters: { ...base.hyperparameters, min_allowed_weights: 8 },
    });
    expect(small).toMatchObject({ action: 'skip', reason: 'TooFewWeights' });
    const enough = planWeights({
      ...base,
      scores: [1, 1],
      hyperparameters: { ...base.hyperparameters, min_allowed_weights: 8 },
    });
    expect(enough.action).toBe('set');
  });

  it('skips without a permit, without scores, without a uid, or with an old version key', () => {
    expect(planWeights({ ...base, validatorPermit: false })).toMatchObject({ reason: 'NoValidatorPermit' });
    expect(planWeights({ ...base, scores: [0, 0, 0, 0] })).toMatchObject({ reason: 'NoScores' });
    expect(planWeights({ ...base, uid: undefined })).toMatchObject({ reason: 'NotRegistered' });
    expect(planWeights({ ...base, versionKey: 2 })).toMatchObject({ reason: 'VersionTooOld' });
    expect(planWeights({ ...base, versionKey: 7 })).toMatchObject({ action: 'set', versionKey: 7 });
  });

  it('drops weights that round to 0 in u16 before counting them', () => {
    const plan = planWeights({ ...base, scores: [0, 1, 1e-7, 0] });
    expect(plan).toMatchObject({ action: 'set', uids: [1], weights: [65535] });
  });
});
