/**
 * mulberry32: a small, fast, seeded generator, for tests, benchmarks and reproducible runs (a
 * validator's sampling under a fixed seed) — the same seed gives the same numbers on every
 * machine. Not for keys or nonces.
 */

/** Uniform in [0, 1), like `Math.random`. */
export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
