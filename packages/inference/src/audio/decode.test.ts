import { describe, expect, it } from 'vitest';
import { decodeAudio } from './decode';
import { encodeWav, sineWave } from './wav';

describe('decodeAudio', () => {
  it('decodes WAV bytes at any rate to 16 kHz mono float32', async () => {
    const samples = await decodeAudio(encodeWav(sineWave(440, 1.5, 44_100, 0.5), 44_100));
    expect(samples.length).toBeGreaterThan(23_900);
    expect(samples.length).toBeLessThan(24_100);
    const peak = samples.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    expect(peak).toBeGreaterThan(0.45);
    expect(peak).toBeLessThan(0.55);
  });

  it('downmixes stereo', async () => {
    // Interleaved stereo: left a tone, right its negation, so the mono mix is silence.
    const tone = sineWave(300, 0.5, 16_000, 0.5);
    const stereo = new Float32Array(tone.length * 2);
    tone.forEach((value, i) => {
      stereo[2 * i] = value;
      stereo[2 * i + 1] = -value;
    });
    const samples = await decodeAudio(encodeWav(stereo, 16_000, 2));
    expect(samples.length).toBe(8_000);
    expect(samples.reduce((max, value) => Math.max(max, Math.abs(value)), 0)).toBeLessThan(1e-3);
  });

  it('names corrupt audio as such, with the reason ffmpeg gives', async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256);
    await expect(decodeAudio(garbage, { label: 'upload.wav' })).rejects.toMatchObject({
      code: 'InvalidAudio',
      message: expect.stringMatching(/^Could not decode upload\.wav as audio \(ffmpeg: .+\)/),
    });
  });

  it('rejects empty input and audio over the length limit', async () => {
    await expect(decodeAudio(new Uint8Array(0))).rejects.toMatchObject({ code: 'EmptyInput' });
    await expect(decodeAudio(encodeWav(new Float32Array(0), 16_000))).rejects.toMatchObject({
      code: 'EmptyInput',
    });
    const long = encodeWav(sineWave(200, 4, 16_000), 16_000);
    await expect(decodeAudio(long, { maxSeconds: 1 })).rejects.toMatchObject({ code: 'InputTooLarge' });
  });

  it('names a missing file', async () => {
    await expect(decodeAudio('/nonexistent/clip.wav')).rejects.toMatchObject({
      code: 'InvalidAudio',
      message: expect.stringContaining('/nonexistent/clip.wav'),
    });
  });
});
