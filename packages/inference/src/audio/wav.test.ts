import { describe, expect, it } from 'vitest';
import { encodeWav, sineWave } from './wav';

describe('encodeWav', () => {
  it('writes a canonical 16-bit PCM header and clamped samples', () => {
    const bytes = encodeWav(Float32Array.of(0, 1, -1, 2), 16_000);
    const view = new DataView(bytes.buffer);
    const text = (offset: number, length: number): string =>
      String.fromCharCode(...bytes.subarray(offset, offset + length));
    expect(text(0, 4)).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(36 + 8);
    expect(text(8, 8)).toBe('WAVEfmt ');
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(16_000);
    expect(view.getUint32(28, true)).toBe(32_000);
    expect(text(36, 4)).toBe('data');
    expect([0, 1, 2, 3].map((i) => view.getInt16(44 + 2 * i, true))).toEqual([0, 32767, -32767, 32767]);
  });

  it('rejects a bad sample rate', () => {
    expect(() => encodeWav(new Float32Array(1), 0)).toThrow(RangeError);
  });
});

describe('sineWave', () => {
  it('has the asked length and amplitude', () => {
    const tone = sineWave(1000, 0.01, 16_000, 0.25);
    expect(tone.length).toBe(160);
    expect(Math.max(...tone)).toBeCloseTo(0.25, 3);
  });
});
