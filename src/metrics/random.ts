/**
 * A small seeded pseudo-random generator, so every interval labelgate reports can be reproduced
 * from the seed recorded next to it. mulberry32 (Tommy Ettinger's 32-bit generator) is fast, has
 * a period of 2^32 and passes the statistical tests that matter for bootstrap resampling; it is not
 * for cryptography.
 */

/** A source of uniform numbers in (0, 1). */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    // +0.5 keeps the result strictly inside (0, 1): samplers take log(u).
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}
