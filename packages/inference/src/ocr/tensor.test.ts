import { describe, expect, it } from 'vitest';
import { detectionSize, RECOGNITION_NORMALIZATION, writeBgrPlanes } from './tensor';

describe('writeBgrPlanes', () => {
  it('writes normalised BGR planes and leaves padding columns alone', () => {
    // 2×1 image: a red pixel, then a white one; output 3 columns wide.
    const rgb = Uint8Array.of(255, 0, 0, 255, 255, 255);
    const out = new Float32Array(9).fill(0);
    writeBgrPlanes(rgb, 2, 1, RECOGNITION_NORMALIZATION, out, 0, 3);
    // (x/255 - 0.5)/0.5: 255 → 1, 0 → -1.
    expect([...out]).toEqual([-1, 1, 0, -1, 1, 0, 1, 1, 0]);
  });
});

describe('detectionSize', () => {
  it('rounds to multiples of 32 and caps the longer side', () => {
    expect(detectionSize(640, 160)).toEqual({ width: 640, height: 160 });
    expect(detectionSize(100, 20)).toEqual({ width: 96, height: 32 });
    expect(detectionSize(1920, 1080)).toEqual({ width: 960, height: 544 });
  });
});
