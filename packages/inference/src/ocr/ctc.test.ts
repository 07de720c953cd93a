import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode, parseDictionary } from './ctc';

/** One-hot-ish probabilities for a class sequence; class 0 is the CTC blank. */
function probsFor(classes: number, sequence: number[], peak = 0.9): Float32Array {
  const probs = new Float32Array(sequence.length * classes).fill((1 - peak) / (classes - 1));
  sequence.forEach((c, t) => {
    probs[t * classes + c] = peak;
  });
  return probs;
}

describe('ctcGreedyDecode', () => {
  const dictionary = ['a', 'b', 'c'];

  it('merges repeats, drops blanks and maps class i to dictionary entry i-1', () => {
    const out = ctcGreedyDecode(probsFor(4, [1, 1, 0, 1, 2, 2, 0, 3]), 8, 4, dictionary);
    expect(out.text).toBe('aabc');
    expect(out.confidence).toBeCloseTo(0.9);
  });

  it('returns nothing with zero confidence for all blanks', () => {
    expect(ctcGreedyDecode(probsFor(4, [0, 0, 0]), 3, 4, dictionary)).toEqual({ text: '', confidence: 0 });
  });
});

describe('parseDictionary', () => {
  it('reads one character per line and appends the space class', () => {
    expect(parseDictionary('a\nb\r\nc\n')).toEqual(['a', 'b', 'c', ' ']);
  });
});
