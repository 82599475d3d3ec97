// The measuring harness. Every timed loop is compiled on its own (`new Function`), so each call
// site only ever sees one engine and V8's type feedback stays monomorphic: one engine's loop
// cannot slow another's. Cases are timed in rounds, one batch of each per round, so that noise
// from the shared machine falls on all of them alike; each figure is the median over the rounds.

const now = () => process.hrtime.bigint();

/**
 * A loop over parallel query arrays (`ctx.u`, `ctx.p`, `ctx.s`, `ctx.v`: any that exist),
 * running `body` with `u`, `p`, `s`, `v` bound to query `i mod length` and `acc` to add to.
 * `setup` runs once and may bind locals from `ctx`.
 */
export function loop(ctx, body, setup = "") {
  const src = `
    "use strict";
    const U = ctx.u || [], P = ctx.p || [], S = ctx.s || [], V = ctx.v || [];
    const N = Math.max(U.length, P.length, S.length, V.length);
    if ((N & (N - 1)) !== 0) throw new Error("query lists must have a power-of-two length");
    const M = N - 1;
    ${setup}
    return function run(n) {
      let acc = 0;
      for (let i = 0; i < n; i++) {
        const j = i & M;
        const u = U[j], p = P[j], s = S[j], v = V[j];
        ${body}
      }
      return acc;
    };`;
  return new Function("ctx", src)(ctx);
}

let sink = 0;

/** Runs `run(n)` once and returns the nanoseconds it took. */
function time(run, n) {
  const t = now();
  sink ^= run(n);
  return Number(now() - t);
}

/** The iteration count that makes one batch last about `ms` milliseconds. */
function calibrate(run, ms) {
  let n = 1;
  for (;;) {
    const t = time(run, n);
    if (t >= ms * 1e6 || n >= 1 << 30) return Math.max(1, Math.round((n * ms * 1e6) / Math.max(t, 1)));
    n *= t < ms * 1e5 ? 10 : 2;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * Times every case `{ key, run }` and returns `Map(key -> { median, q1, q3, n, rounds, samples })`,
 * in nanoseconds per operation (`samples`: one per round, in order). `ms` is the length of one
 * batch, `rounds` the number of batches.
 */
export function measure(cases, { ms = 20, rounds = 21, warmup = 2, log = () => {} } = {}) {
  const plan = cases.map((c) => {
    c.run(16); // compile and warm the loop before calibrating
    for (let w = 0; w < warmup; w++) time(c.run, calibrate(c.run, ms / 2));
    const n = calibrate(c.run, c.ms || ms);
    log(`  calibrated ${c.key}: ${n} ops per batch`);
    return { ...c, n, samples: [] };
  });
  for (let r = 0; r < rounds; r++) {
    for (const c of plan) c.samples.push(time(c.run, c.n) / c.n);
  }
  const out = new Map();
  for (const c of plan) {
    out.set(c.key, { median: median(c.samples), q1: quantile(c.samples, 0.25), q3: quantile(c.samples, 0.75), n: c.n, rounds, samples: c.samples });
  }
  return out;
}

/** Median wall time in milliseconds of `fn()` over `times` calls (after one discarded call). */
export function timeCalls(fn, times = 7) {
  fn();
  const xs = [];
  for (let i = 0; i < times; i++) {
    const t = now();
    fn();
    xs.push(Number(now() - t) / 1e6);
  }
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/**
 * The median over the rounds of `a`'s time over `b`'s in the same round (`measure`'s entries):
 * the two are timed a fraction of a second apart, so a slow spell of a shared machine slows both.
 * Without per-round samples, the ratio of the medians.
 */
export function pairedRatio(a, b) {
  if (!a?.samples || !b?.samples || a.samples.length !== b.samples.length) return a?.median / b?.median;
  return median(a.samples.map((x, i) => x / b.samples[i]));
}

export { median, quantile };
export const keepSink = () => sink;
