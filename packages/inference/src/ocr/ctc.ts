/**
 * Greedy CTC decoding of a recogniser's per-step class probabilities (PaddleOCR's
 * `CTCLabelDecode`): the best class per step, repeats merged, blanks (class 0) dropped,
 * class i read as dictionary entry i − 1.
 */
export interface DecodedLine {
  text: string;
  /** Mean probability of the kept characters; 0 when none were kept. */
  confidence: number;
}

/**
 * @param probs one row of the model's output, `steps × classes` values.
 * @param dictionary characters for classes 1…classes−1.
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  dictionary: readonly string[],
): DecodedLine {
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const offset = t * classes;
    let best = 0;
    let bestProb = probs[offset]!;
    for (let c = 1; c < classes; c++) {
      const p = probs[offset + c]!;
      if (p > bestProb) {
        bestProb = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += dictionary[best - 1] ?? '';
      sum += bestProb;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : sum / kept };
}

/** PaddleOCR's dictionary file: one character per line, then a space (`use_space_char`). */
export function parseDictionary(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return [...lines, ' '];
}
