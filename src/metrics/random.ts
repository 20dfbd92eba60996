/**
 * A small seeded pseudo-random generator, so every interval labelgate reports can be reproduced
 * from the seed recorded next to it. mulberry32 (Tommy Ettinger's 32-bit generator) is fast, has
 * a period of 2^32 and passes the statistical tests that matter for bootstrap resampling; it is not
 * for cryptography.
 */

/** A source of uniform numbers in (0, 1). */
export type Rng = () => number;

/** Uniform numbers in (0, 1), drawn by `next()`: what the samplers take. */
export interface RandomSource {
  next(): number;
}

/**
 * mulberry32 as an object. The samplers take this rather than a closure because every closure is a
 * new function: V8 specialises its optimised sampler code on the first one it meets and throws that
 * code away when the next bootstrap brings another (once more for every report a command checks);
 * `next` is one function for every seed.
 */
export class Mulberry32 implements RandomSource {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    // +0.5 keeps the result strictly inside (0, 1): samplers take log(u).
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }
}

/** The same sequence as a function. */
export function mulberry32(seed: number): Rng {
  const source = new Mulberry32(seed);
  return () => source.next();
}
