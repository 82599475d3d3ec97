// A small deterministic generator (xorshift32), so that a test's random cases repeat and a
// failure can be reproduced: `rng(seed)()` is a number in [0, 1).
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
