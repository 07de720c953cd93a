/**
 * Text boxes from a DB (differentiable binarisation) probability map, as PaddleOCR's
 * `DBPostProcess` finds them, with axis-aligned boxes: threshold the map, label connected
 * regions, score each by its mean probability, drop weak or tiny ones, and "unclip" — grow each
 * box by area·ratio/perimeter, undoing the shrinking the model was trained with. Pure.
 */

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface ScoredBox extends Box {
  score: number;
}

export interface DbOptions {
  /** Pixel is text when its probability exceeds this; PaddleOCR's `thresh` 0.3. */
  threshold?: number;
  /** Mean probability a box needs; PaddleOCR's `box_thresh` 0.6. */
  boxThreshold?: number;
  /** PaddleOCR's `unclip_ratio` 1.5. */
  unclipRatio?: number;
  /** Shorter side below this is noise; PaddleOCR's `min_size` 3. */
  minSize?: number;
}

export function findTextBoxes(
  prob: Float32Array,
  width: number,
  height: number,
  options: DbOptions = {},
): ScoredBox[] {
  const { threshold = 0.3, boxThreshold = 0.6, unclipRatio = 1.5, minSize = 3 } = options;
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  const boxes: ScoredBox[] = [];
  // Called for up to four neighbours of every text pixel: no array per pixel.
  const visit = (next: number): void => {
    if (seen[next] || prob[next]! <= threshold) return;
    seen[next] = 1;
    stack.push(next);
  };
  for (let start = 0; start < prob.length; start++) {
    if (seen[start] || prob[start]! <= threshold) continue;
    // Flood fill one 4-connected region, tracking its bounding box.
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const index = stack.pop()!;
      const x = index % width;
      const y = (index - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (x > 0) visit(index - 1);
      if (x < width - 1) visit(index + 1);
      if (y > 0) visit(index - width);
      if (y < height - 1) visit(index + width);
    }
    const box = { x0, y0, x1: x1 + 1, y1: y1 + 1 };
    if (Math.min(box.x1 - box.x0, box.y1 - box.y0) < minSize) continue;
    const score = meanInBox(prob, width, box);
    if (score < boxThreshold) continue;
    const grown = unclip(box, unclipRatio);
    if (Math.min(grown.x1 - grown.x0, grown.y1 - grown.y0) < minSize + 2) continue;
    boxes.push({ ...clampBox(grown, width, height), score });
  }
  return boxes;
}

function meanInBox(prob: Float32Array, width: number, box: Box): number {
  let sum = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) sum += prob[y * width + x]!;
  }
  return sum / ((box.x1 - box.x0) * (box.y1 - box.y0));
}

/** Grows a box on every side by area·ratio/perimeter (pyclipper's offset of a rectangle). */
export function unclip(box: Box, ratio: number): Box {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const distance = (w * h * ratio) / (2 * (w + h));
  return { x0: box.x0 - distance, y0: box.y0 - distance, x1: box.x1 + distance, y1: box.y1 + distance };
}

export function clampBox(box: Box, width: number, height: number): Box {
  return {
    x0: Math.max(0, Math.min(width, box.x0)),
    y0: Math.max(0, Math.min(height, box.y0)),
    x1: Math.max(0, Math.min(width, box.x1)),
    y1: Math.max(0, Math.min(height, box.y1)),
  };
}

export function scaleBox<B extends Box>(box: B, sx: number, sy: number): B {
  return { ...box, x0: box.x0 * sx, x1: box.x1 * sx, y0: box.y0 * sy, y1: box.y1 * sy };
}

/**
 * Reading order: boxes whose vertical centres lie within half a line height of each other form
 * a line; lines top to bottom, boxes in a line left to right.
 */
export function groupIntoLines<B extends Box>(boxes: readonly B[]): B[][] {
  const sorted = [...boxes].sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const lines: B[][] = [];
  for (const box of sorted) {
    const centre = (box.y0 + box.y1) / 2;
    const line = lines.find((candidate) => {
      const first = candidate[0]!;
      const height = Math.max(first.y1 - first.y0, box.y1 - box.y0);
      return Math.abs((first.y0 + first.y1) / 2 - centre) < height / 2;
    });
    if (line) line.push(box);
    else lines.push([box]);
  }
  for (const line of lines) line.sort((a, b) => a.x0 - b.x0);
  return lines;
}
