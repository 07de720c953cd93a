/**
 * Character and word error rates: edit distance between what was recognised and what was
 * expected, over the expected length. Pure; used by tests, benchmarks and validators' rewards.
 */

/** Levenshtein distance between two sequences (insertions, deletions, substitutions all cost 1). */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export interface NormalizeOptions {
  /** Default true: "Hello" and "hello" match. */
  ignoreCase?: boolean;
  /** Default true: runs of whitespace count as one space, ends trimmed. */
  collapseSpace?: boolean;
}

export function normalizeText(
  text: string,
  { ignoreCase = true, collapseSpace = true }: NormalizeOptions = {},
): string {
  let out = text.normalize('NFKC');
  if (ignoreCase) out = out.toLowerCase();
  if (collapseSpace) out = out.replace(/\s+/g, ' ').trim();
  return out;
}

/** Character error rate of `hypothesis` against `reference`; 0 for two empty texts, may exceed 1. */
export function characterErrorRate(
  reference: string,
  hypothesis: string,
  options?: NormalizeOptions,
): number {
  const ref = [...normalizeText(reference, options)];
  const hyp = [...normalizeText(hypothesis, options)];
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return editDistance(ref, hyp) / ref.length;
}

/** Word error rate; punctuation is kept as part of words. */
export function wordErrorRate(reference: string, hypothesis: string, options?: NormalizeOptions): number {
  const words = (text: string): string[] => normalizeText(text, options).split(' ').filter(Boolean);
  const ref = words(reference);
  const hyp = words(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return editDistance(ref, hyp) / ref.length;
}
