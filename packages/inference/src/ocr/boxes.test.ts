import { describe, expect, it } from 'vitest';
import { findTextBoxes, groupIntoLines, unclip } from './boxes';

/** A probability map with rectangles of a given value. */
function mapWith(
  width: number,
  height: number,
  rects: Array<[number, number, number, number, number]>,
): Float32Array {
  const map = new Float32Array(width * height);
  for (const [x0, y0, x1, y1, value] of rects) {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) map[y * width + x] = value;
  }
  return map;
}

describe('findTextBoxes', () => {
  it('finds each confident region and grows it by the unclip distance', () => {
    const map = mapWith(100, 50, [
      [10, 10, 60, 20, 0.9],
      [70, 30, 90, 40, 0.95],
    ]);
    const boxes = findTextBoxes(map, 100, 50).sort((a, b) => a.x0 - b.x0);
    expect(boxes).toHaveLength(2);
    // 50×10 box: distance = 500·1.5 / 120 = 6.25.
    expect(boxes[0]).toMatchObject({ x0: 3.75, y0: 3.75, x1: 66.25, y1: 26.25 });
    expect(boxes[0]!.score).toBeCloseTo(0.9);
  });

  it('drops weak regions and specks', () => {
    const map = mapWith(60, 30, [
      [5, 5, 40, 15, 0.45],
      [50, 20, 52, 22, 0.99],
    ]);
    expect(findTextBoxes(map, 60, 30)).toEqual([]);
    expect(findTextBoxes(map, 60, 30, { boxThreshold: 0.4 })).toHaveLength(1);
  });

  it('clamps grown boxes to the map', () => {
    const [box] = findTextBoxes(mapWith(40, 20, [[0, 0, 30, 8, 0.9]]), 40, 20);
    expect(box).toMatchObject({ x0: 0, y0: 0 });
  });
});

describe('unclip', () => {
  it('offsets a square by area·ratio/perimeter', () => {
    expect(unclip({ x0: 0, y0: 0, x1: 10, y1: 10 }, 2)).toEqual({ x0: -5, y0: -5, x1: 15, y1: 15 });
  });
});

describe('groupIntoLines', () => {
  it('orders boxes top to bottom, then left to right within a line', () => {
    const a = { x0: 100, y0: 10, x1: 150, y1: 30 };
    const b = { x0: 0, y0: 12, x1: 80, y1: 32 };
    const c = { x0: 0, y0: 60, x1: 50, y1: 80 };
    expect(groupIntoLines([c, a, b])).toEqual([[b, a], [c]]);
  });
});
