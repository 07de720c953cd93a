import { describe, expect, it, vi } from 'vitest';
import { BatchQueue } from './queue';

/** A runner that records its batches and answers after the test lets it. */
function recordingRunner() {
  const batches: number[][] = [];
  const release: Array<() => void> = [];
  const run = (items: number[]): Promise<number[]> => {
    batches.push(items);
    return new Promise((resolve) => release.push(() => resolve(items.map((item) => item * 10))));
  };
  return { batches, release, run };
}

describe('BatchQueue', () => {
  it('runs concurrent pushes as one batch once the wait is over', async () => {
    vi.useFakeTimers();
    try {
      const runner = recordingRunner();
      const queue = new BatchQueue({ run: runner.run, maxBatchSize: 8, maxWaitMs: 5 });
      const results = Promise.all([1, 2, 3].map((n) => queue.push(n)));
      expect(runner.batches).toEqual([]);
      await vi.advanceTimersByTimeAsync(5);
      expect(runner.batches).toEqual([[1, 2, 3]]);
      runner.release[0]!();
      expect(await results).toEqual([10, 20, 30]);
      expect(queue.stats).toEqual({ batches: 1, items: 3, largestBatch: 3 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts a full batch at once and gathers later pushes while it runs', async () => {
    vi.useFakeTimers();
    try {
      const runner = recordingRunner();
      const queue = new BatchQueue({ run: runner.run, maxBatchSize: 2, maxWaitMs: 1000 });
      const first = [queue.push(1), queue.push(2)];
      await vi.advanceTimersByTimeAsync(0);
      expect(runner.batches).toEqual([[1, 2]]);
      const later = [queue.push(3), queue.push(4), queue.push(5)];
      await vi.advanceTimersByTimeAsync(0);
      // [3, 4] is full but waits for the runner; 5 waits for company or its timer.
      expect(runner.batches).toHaveLength(1);
      expect(queue.pending).toBe(3);
      runner.release[0]!();
      await vi.advanceTimersByTimeAsync(0);
      expect(runner.batches).toEqual([
        [1, 2],
        [3, 4],
      ]);
      runner.release[1]!();
      await vi.advanceTimersByTimeAsync(1000);
      expect(runner.batches.at(-1)).toEqual([5]);
      runner.release[2]!();
      expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never mixes keys in a batch', async () => {
    const batches: string[][] = [];
    const queue = new BatchQueue<string, string>({
      run: async (items) => {
        batches.push(items);
        return items;
      },
      maxBatchSize: 10,
      maxWaitMs: 0,
      key: (item) => item[0]!,
    });
    await Promise.all(['a1', 'b1', 'a2', 'b2'].map((item) => queue.push(item)));
    expect(batches.map((batch) => batch.join()).sort()).toEqual(['a1,a2', 'b1,b2']);
  });

  it('rejects every item of a failed batch, and of a runner that answers the wrong count', async () => {
    const failing = new BatchQueue<number, number>({
      run: async () => {
        throw new Error('model crashed');
      },
      maxBatchSize: 4,
      maxWaitMs: 0,
    });
    const results = await Promise.allSettled([failing.push(1), failing.push(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const short = new BatchQueue<number, number>({ run: async () => [1], maxBatchSize: 4, maxWaitMs: 0 });
    await expect(Promise.all([short.push(1), short.push(2)])).rejects.toThrow('1 outputs for 2 inputs');
  });

  it('rejects bad settings', () => {
    const run = async (items: number[]) => items;
    expect(() => new BatchQueue({ run, maxBatchSize: 0, maxWaitMs: 1 })).toThrow(RangeError);
    expect(() => new BatchQueue({ run, maxBatchSize: 1, maxWaitMs: -1 })).toThrow(RangeError);
  });
});
