/**
 * Seeded randomness for weights: the repository's one generator (mulberry32, `seededRng` of
 * @subnetkit/core) for uniform numbers and Box–Muller for normal ones, so the same seed writes the
 * same bytes on every machine.
 */
// The subpath, not the package's index: forging needs none of core's key and wallet code.
import { seededRng } from '@subnetkit/core/random';

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

export function createRng(seed: number): Rng {
  const uniform = seededRng(seed);
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { uniform, normal };
}

/** A per-model seed from the run's seed and the model's name, so `--only` does not shift weights. */
export function deriveSeed(seed: number, name: string): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
