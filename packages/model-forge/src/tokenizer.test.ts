import { describe, expect, it } from 'vitest';
import { byteLevelBpe, bytesToUnicode, printableBias } from './tokenizer';

describe('bytesToUnicode', () => {
  it('maps all 256 bytes to distinct printable characters, as GPT-2 does', () => {
    const map = bytesToUnicode();
    expect(map.size).toBe(256);
    expect(new Set(map.values()).size).toBe(256);
    expect(map.get(0x20)).toBe('Ġ');
    expect(map.get(0x0a)).toBe('Ċ');
    expect(map.get(0x41)).toBe('A');
  });
});

describe('byteLevelBpe', () => {
  it('numbers bytes in GPT-2 order, then merges, then specials', () => {
    const { vocab, byteIds } = byteLevelBpe([{ content: '<|endoftext|>' }]);
    // GPT-2's own ids: "!" is 0, "Ġ" (space) is 220.
    expect(vocab.get('!')).toBe(0);
    expect(byteIds[0x20]).toBe(220);
    expect(vocab.get('Ġthe')).toBeDefined();
    expect(vocab.get('<|endoftext|>')).toBe(vocab.size - 1);
  });
});

describe('printableBias', () => {
  it('penalises only byte tokens outside printable ASCII', () => {
    const { vocab, byteIds } = byteLevelBpe([]);
    const bias = printableBias(vocab.size, byteIds, -8);
    expect(bias[byteIds[0x41]!]).toBe(0);
    expect(bias[byteIds[0x20]!]).toBe(0);
    expect(bias[byteIds[0x07]!]).toBe(-8);
    expect(bias[byteIds[0xc3]!]).toBe(-8);
    expect(bias[vocab.get('Ġthe')!]).toBe(0);
  });
});
