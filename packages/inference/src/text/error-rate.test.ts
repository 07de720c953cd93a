import { describe, expect, it } from 'vitest';
import { characterErrorRate, editDistance, normalizeText, wordErrorRate } from './error-rate';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance([...'kitten'], [...'sitting'])).toBe(3);
    expect(editDistance([], [...'abc'])).toBe(3);
    expect(editDistance([...'abc'], [...'abc'])).toBe(0);
    expect(editDistance(['a', 'b'], ['b', 'a'])).toBe(2);
  });
});

describe('characterErrorRate', () => {
  it('is edit distance over the reference length, ignoring case and extra spaces', () => {
    expect(characterErrorRate('hello world', 'hello world')).toBe(0);
    expect(characterErrorRate('Hello  World ', 'hello world')).toBe(0);
    expect(characterErrorRate('abcd', 'abxd')).toBe(0.25);
    expect(characterErrorRate('ab', 'abcdef')).toBe(2);
    expect(characterErrorRate('', '')).toBe(0);
    expect(characterErrorRate('', 'x')).toBe(1);
    expect(characterErrorRate('Ab', 'ab', { ignoreCase: false })).toBe(0.5);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(characterErrorRate('😀a', '😀b')).toBe(0.5);
  });
});

describe('wordErrorRate', () => {
  it('is edit distance over reference words', () => {
    expect(wordErrorRate('the cat sat', 'the cat sat')).toBe(0);
    expect(wordErrorRate('the cat sat', 'the bat sat down')).toBeCloseTo(2 / 3);
    expect(wordErrorRate('', '')).toBe(0);
  });
});

describe('normalizeText', () => {
  it('applies NFKC, lower case and single spaces', () => {
    expect(normalizeText(' Ｆｕｌｌ\twidth\n')).toBe('full width');
  });
});
