/** Interleaved 8-bit RGB pixels → planar float tensors in PaddleOCR's layout. Pure. */

export interface Normalization {
  /** Per channel, in output channel order. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** PaddleOCR's detector: ImageNet statistics, applied to BGR as its OpenCV loader reads them. */
export const DETECTION_NORMALIZATION: Normalization = {
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};
/** PaddleOCR's recogniser: (x/255 − 0.5) / 0.5. */
export const RECOGNITION_NORMALIZATION: Normalization = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

/**
 * Writes `rgb` (width × height × 3) into `out` as BGR planes of `outWidth` columns, starting at
 * `offset`; columns past `width` stay as they are (zero padding, as PaddleOCR pads batches).
 */
export function writeBgrPlanes(
  rgb: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  { mean, std }: Normalization,
  out: Float32Array,
  offset = 0,
  outWidth = width,
): void {
  const plane = outWidth * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const source = (y * width + x) * 3;
      const target = offset + y * outWidth + x;
      // Output channel 0 is blue (source channel 2), 1 green, 2 red.
      for (let c = 0; c < 3; c++) {
        out[target + c * plane] = (rgb[source + 2 - c]! / 255 - mean[c]!) / std[c]!;
      }
    }
  }
}

/** Detector input size: the longer side at most `limit`, both sides rounded to multiples of 32. */
export function detectionSize(width: number, height: number, limit = 960): { width: number; height: number } {
  const scale = Math.max(width, height) > limit ? limit / Math.max(width, height) : 1;
  const round32 = (value: number): number => Math.max(32, Math.round((value * scale) / 32) * 32);
  return { width: round32(width), height: round32(height) };
}
