import { describe, expect, it } from 'vitest';
import { downmix, resample } from './resample';
import { sineWave } from './wav';

/** Amplitude of `frequency` in `samples` (one DFT bin, by correlation). */
function amplitudeAt(samples: Float32Array, frequency: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < samples.length; i++) {
    re += samples[i]! * Math.cos((2 * Math.PI * frequency * i) / rate);
    im += samples[i]! * Math.sin((2 * Math.PI * frequency * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / samples.length;
}

describe('resample', () => {
  it('keeps a tone in the pass band at its frequency and amplitude', () => {
    const tone = sineWave(440, 1, 44_100, 0.5);
    const out = resample(tone, 44_100, 16_000);
    expect(out.length).toBe(16_000);
    expect(amplitudeAt(out.subarray(200, 15_800), 440, 16_000)).toBeCloseTo(0.5, 2);
  });

  it('removes a tone above the new Nyquist frequency instead of aliasing it', () => {
    const tone = sineWave(12_000, 1, 44_100, 0.5);
    const out = resample(tone, 44_100, 16_000);
    // Unfiltered, 12 kHz would fold to 4 kHz at 16 kHz.
    expect(amplitudeAt(out.subarray(200, 15_800), 4_000, 16_000)).toBeLessThan(0.01);
  });

  it('upsamples without changing the tone', () => {
    const out = resample(sineWave(300, 0.5, 8_000, 0.4), 8_000, 16_000);
    expect(out.length).toBe(8_000);
    expect(amplitudeAt(out.subarray(200, 7_800), 300, 16_000)).toBeCloseTo(0.4, 2);
  });

  it('copies when the rates are equal and rejects bad rates', () => {
    const samples = Float32Array.of(1, 2, 3);
    const out = resample(samples, 16_000, 16_000);
    expect(out).toEqual(samples);
    expect(out).not.toBe(samples);
    expect(() => resample(samples, 0, 16_000)).toThrow(RangeError);
  });
});

describe('downmix', () => {
  it('averages channels', () => {
    expect(downmix([Float32Array.of(1, 0), Float32Array.of(0, 1)])).toEqual(Float32Array.of(0.5, 0.5));
    expect(() => downmix([Float32Array.of(1), Float32Array.of(1, 2)])).toThrow(RangeError);
    expect(() => downmix([])).toThrow(RangeError);
  });
});
