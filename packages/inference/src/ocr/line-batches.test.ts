import { describe, expect, it } from 'vitest';
import { planLineBatches } from './line-batches';

describe('planLineBatches', () => {
  it('groups lines of similar aspect ratio, narrowest first, up to the batch size', () => {
    expect(planLineBatches([10, 2, 10.5, 2.1, 11, 10.2], 2)).toEqual([
      [1, 3],
      [0, 5],
      [2, 4],
    ]);
  });

  it('starts a new batch when a line is much wider than the batch’s narrowest', () => {
    expect(planLineBatches([4, 5, 6, 20], 6, 1.3)).toEqual([[0, 1], [2], [3]]);
    expect(planLineBatches([], 6)).toEqual([]);
  });
});
