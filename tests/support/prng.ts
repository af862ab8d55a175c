/**
 * A small deterministic PRNG for random sequences of operations, so that a failing sequence can be
 * replayed. An LCG's low bits repeat quickly (the lowest alternates), so each draw takes high ones.
 */
export function prng(seed: number) {
  let a = seed
  return (n: number) => {
    a = (a * 1103515245 + 12345) % 2 ** 31
    return (a >>> 16) % n
  }
}
