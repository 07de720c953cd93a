import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PriorityQueue } from './priority-queue';

describe('PriorityQueue', () => {
  it('serves the highest priority first, equal priorities in arrival order', () => {
    const queue = new PriorityQueue<string>();
    queue.push('low-1', 1);
    queue.push('high', 10);
    queue.push('low-2', 1);
    queue.push('mid', 5);
    expect(queue.drain().map((entry) => entry.value)).toEqual(['high', 'mid', 'low-1', 'low-2']);
  });

  it('removes an entry from the middle and keeps its order', () => {
    const queue = new PriorityQueue<number>();
    const entries = [3, 1, 4, 1, 5, 9, 2, 6].map((p, i) => queue.push(i, p));
    expect(queue.remove(entries[4]!)).toBe(true);
    expect(queue.remove(entries[4]!)).toBe(false);
    expect(queue.drain().map((entry) => entry.priority)).toEqual([9, 6, 4, 3, 2, 1, 1]);
  });

  it('finds the entry served last', () => {
    const queue = new PriorityQueue<string>();
    queue.push('a', 1);
    queue.push('b', 1);
    queue.push('c', 7);
    expect(queue.lowest()?.value).toBe('b');
    expect(new PriorityQueue().lowest()).toBeUndefined();
  });

  it('pops in the order a stable sort gives, whatever is pushed and removed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.boolean()), { maxLength: 60 }),
        (operations) => {
          const queue = new PriorityQueue<number>();
          const kept: { id: number; priority: number }[] = [];
          const entries = operations.map(([priority], id) => queue.push(id, priority));
          operations.forEach(([priority, remove], id) => {
            if (remove) queue.remove(entries[id]!);
            else kept.push({ id, priority });
          });
          const expected = kept.sort((a, b) => b.priority - a.priority || a.id - b.id).map((e) => e.id);
          expect(queue.drain().map((entry) => entry.value)).toEqual(expected);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
