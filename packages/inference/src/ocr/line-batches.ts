/**
 * Which text lines the recogniser reads together. Lines of a batch are padded to the widest, so
 * lines are sorted by aspect ratio (as PaddleOCR does) and, beyond PaddleOCR, a batch is closed
 * once the next line is more than `maxSpread` times wider than its narrowest: on a CPU the cost
 * follows the padded pixels, and a short line padded to a long one's width would double it. Pure.
 */
export function planLineBatches(ratios: readonly number[], batchSize: number, maxSpread = 1.3): number[][] {
  const order = ratios.map((_, index) => index).sort((a, b) => ratios[a]! - ratios[b]!);
  const batches: number[][] = [];
  for (const index of order) {
    const current = batches.at(-1);
    if (current && current.length < batchSize && ratios[index]! <= maxSpread * ratios[current[0]!]!) {
      current.push(index);
    } else {
      batches.push([index]);
    }
  }
  return batches;
}
