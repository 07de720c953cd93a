/**
 * Resampling for raw audio handed over as samples at another rate (encoded files are resampled
 * by ffmpeg). Band-limited interpolation with a Hann-windowed sinc whose cut-off is the lower
 * of the two Nyquist frequencies, so downsampling does not alias.
 */

/** Zero crossings of the sinc on each side: 16 keeps the pass-band ripple below about 0.1 dB. */
const HALF_WIDTH = 16;

export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0 && toRate > 0))
    throw new RangeError(`sample rates must be positive, got ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return samples.slice();
  const ratio = toRate / fromRate;
  const outLength = Math.round(samples.length * ratio);
  const out = new Float32Array(outLength);
  // Cut-off as a fraction of the input rate's Nyquist; the kernel widens when it drops.
  const cutoff = Math.min(1, ratio);
  const reach = HALF_WIDTH / cutoff;
  for (let n = 0; n < outLength; n++) {
    const center = n / ratio;
    const first = Math.max(0, Math.ceil(center - reach));
    const last = Math.min(samples.length - 1, Math.floor(center + reach));
    let sum = 0;
    for (let k = first; k <= last; k++) {
      const distance = k - center;
      sum += samples[k]! * cutoff * sinc(cutoff * distance) * hann(distance / reach);
    }
    out[n] = sum;
  }
  return out;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Hann window over [-1, 1]. */
function hann(x: number): number {
  return Math.abs(x) >= 1 ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * x);
}

/** Mono by averaging channels of equal length. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) throw new RangeError('no channels to mix');
  if (channels.length === 1) return channels[0]!.slice();
  const length = channels[0]!.length;
  if (channels.some((channel) => channel.length !== length))
    throw new RangeError('channels differ in length');
  const out = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) out[i]! += channel[i]! / channels.length;
  return out;
}
