// Cedar's timed cases, in a process of their own: `node --no-turbo-inline-js-wasm-calls
// benches/js/cedar-timing.mjs <ms> <rounds>` prints `[[key, { median, q1, q3, n, rounds, samples }], ...]`
// as JSON, for benches/run.mjs to report beside the others.
//
// Why apart: Node 20's V8 aborts the process when optimized JavaScript that inlined a call to a
// wasm export returning an `externref` (Cedar's are all `(externref) -> (externref)`) is
// deoptimized while that call runs (benches/js/v8-externref-deopt.mjs). Timed in rounds beside
// the other engines' loops, Cedar's adapter was deoptimized mid-call often enough to abort the
// whole benchmark. The flag keeps V8 from inlining those calls; Cedar's checks take
// milliseconds, so the few nanoseconds an inlined call saves do not show. rolecascade's exports
// return numbers only and are timed with Node's default flags in benches/run.mjs.
import { generate } from "./gen.mjs";
import { Directory, queries } from "./scenario.mjs";
import { loop, measure } from "./timing.mjs";
import * as cedar from "./peers/cedar.mjs";

const ms = Number(process.argv[2] || 20);
const rounds = Number(process.argv[3] || 21);
const gen = generate(1, 10_000);
const dir = new Directory(gen.directory);
const Q = queries(dir);
const e = new cedar.Engine(gen.json);
const groups = new cedar.Engine(gen.json, { encoding: "groups" });
const GROUPS_N = 64; // as benches/run.mjs checks them
const C = Q.check;
const groupsQ = { u: C.u.slice(0, GROUPS_N), p: C.p.slice(0, GROUPS_N), s: C.s.slice(0, GROUPS_N) };
const cases = [
  { key: "check.Cedar", run: loop({ ...C, e }, "if (e.check(u, p, s)) acc++;", "const e = ctx.e;") },
  { key: "permissions.Cedar", run: loop({ ...Q.pair, e }, "acc += e.permissions(u, s).length;", "const e = ctx.e;") },
  { key: "whoCan.Cedar", run: loop({ ...Q.who, e, dir }, "acc += e.whoCan(p, s, d).length;", "const e = ctx.e, d = ctx.dir;") },
  { key: "check.Cedar (groups)", run: loop({ ...groupsQ, e: groups }, "if (e.check(u, p, s)) acc++;", "const e = ctx.e;") },
];
console.log(JSON.stringify([...measure(cases, { ms, rounds })]));
