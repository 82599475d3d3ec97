// `node benches/run.mjs` (the JavaScript half of `make bench`): rolecascade against CASL, Cedar
// and Casbin in one Node process, on the same generated directory and the same questions. It
// checks that every engine gives the same answer to every benchmarked question, times them
// (and rolecascade's calls off the happy path against its plain check: issue 14), starts each
// engine cold in fresh processes (and issue 11's cold start against CASL, and its phases),
// measures bundle sizes and what a checking page downloads, reads the native figures that
// `cargo bench --bench native` wrote to target/bench-native.txt, and writes BENCHMARKS.md.
//
// Two rolecascade engines on the same directory: `rc` answers from the runtime module alone
// (check, view, permissions: what a checking page runs), `rcFull` has moved to the authoring
// module (who-can, explain), as an engine does the first time such a call is made.
//
// Options: --quick (fewer rounds and processes, for trying things out), --out FILE (default
// BENCHMARKS.md), --native FILE (default target/bench-native.txt).
//
// Issue 12's scale cases: 100k, 400k and 1M-user tenants loaded in wasm, their changes' latency
// and the wasm memory they take (benches/js/scale.mjs, a fresh process each); natively,
// benches/native.rs loads 1k to 1M and times checks spread over each.

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { generate } from "./js/gen.mjs";
import { Directory, SUBSET, ROLES, queries, askable, MODEL } from "./js/scenario.mjs";
import { loop, measure, median } from "./js/timing.mjs";
import { floorModule } from "./js/floors.mjs";
import { parseNative, parseDiffs } from "./js/native.mjs";
import { writeReport } from "./js/report.mjs";
import { coldRuns } from "./js/cold-run.mjs";
import { modelInfo } from "../js/engine.mjs";
import { readDirectory } from "../js/directory.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const QUICK = flag("--quick");
const OUT = opt("--out", `${ROOT}BENCHMARKS.md`);
const NATIVE = opt("--native", `${ROOT}target/bench-native.txt`);
const log = (...xs) => console.log(...xs);
const started = new Date();
const load0 = os.loadavg();
const t0 = performance.now();

// ---------------------------------------------------------------------------------------------
log("scenario: 1 company, 10,000 users (benches/js/gen.mjs, the same directory as benches/common/gen.rs)");
const gen = generate(1, 10_000);
const dir = new Directory(gen.directory);
const text = gen.json;
mkdirSync(`${ROOT}target`, { recursive: true });
const dirFile = `${ROOT}target/bench-directory.json`;
writeFileSync(dirFile, text);
const Q = queries(dir);
log(`  ${gen.scopes} scopes, ${gen.users} users, ${gen.assignments} assignments; ${SUBSET.length} compared permissions`);

// ---------------------------------------------------------------------------------------------
log("loading the engines");
const { Engine } = await import("rolecascade");
const casl = await import("./js/peers/casl.mjs");
const cedar = await import("./js/peers/cedar.mjs");
const casbin = await import("./js/peers/casbin.mjs");
const versions = {
  rolecascade: JSON.parse(readFileSync(`${ROOT}pkg/package.json`, "utf8")).version,
  CASL: JSON.parse(readFileSync(`${ROOT}node_modules/@casl/ability/package.json`, "utf8")).version,
  Cedar: JSON.parse(readFileSync(`${ROOT}node_modules/@cedar-policy/cedar-wasm/package.json`, "utf8")).version,
  Casbin: JSON.parse(readFileSync(`${ROOT}node_modules/casbin/package.json`, "utf8")).version,
};
const rc = Engine.bizagi(text); // stays on the runtime module: check, view, permissions only
const rcFull = Engine.bizagi(text); // moves to the authoring module on its first whoCan
const peers = {
  CASL: new casl.Engine(text),
  Cedar: new cedar.Engine(text),
  Casbin: await casbin.Engine.create(text),
};
const cedarGroups = new cedar.Engine(text, { encoding: "groups" });
const policyCounts = { attributes: peers.Cedar.policyCount, groups: cedarGroups.policyCount, casbinP: casbin.policyLines().length };

// The runtime module's RawEngine, the class the package's Engine wraps (the same module
// instance: the package's Node entry has initialised it), loaded as the package loads it: the
// directory read into numbers by the package's reader and handed over with \`loadFlat\`.
const runtime = await import(new URL("pkg/web/rolecascade_runtime.js", `file://${ROOT}`).href);
const raw = runtime.RawEngine.bizagi();
const info = modelInfo(raw.modelInfo());
{
  const flat = readDirectory(info, gen.directory);
  raw.loadFlat(flat.text, flat.lens, flat.ops, flat.assignments);
}
const bit = new Map(info.permissions.map((x, i) => [x.id, i]));

// ---------------------------------------------------------------------------------------------
log("checking that every engine gives the same answers");
const inSubset = new Set(SUBSET);
const problems = [];
function agree(what, n, answer) {
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const [want, got, q] = answer(i);
    if (JSON.stringify(want) !== JSON.stringify(got)) {
      bad++;
      if (bad <= 5) problems.push(`${what}: ${JSON.stringify(q)}: rolecascade says ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
  }
  if (bad) problems.push(`${what}: ${bad} of ${n} answers differ`);
  return n;
}
const C = Q.check;
const P = Q.pair;
const W = Q.who;
const agreed = { check: 0, permissions: 0, whoCan: 0, allowed: 0, whoTotal: 0, offPath: 0 };
for (let i = 0; i < C.u.length; i++) agreed.allowed += rc.check(C.u[i], C.p[i], C.s[i]) ? 1 : 0;
// rolecascade with itself: view().has() and permissions() against check().
agree("rolecascade view().has() vs check()", C.u.length, (i) => [rc.check(C.u[i], C.p[i], C.s[i]), rc.view(C.u[i], C.s[i]).has(C.p[i]), [C.u[i], C.p[i], C.s[i]]]);
agree("rolecascade permissions() vs check()", P.u.length, (i) => [
  rc.permissions(P.u[i], P.s[i]).filter((p) => inSubset.has(p)),
  askable(P.s[i]).filter((p) => rc.check(P.u[i], p, P.s[i])),
  [P.u[i], P.s[i]],
]);
for (const [name, e] of Object.entries(peers)) {
  agreed.check += agree(`${name} check`, C.u.length, (i) => [rc.check(C.u[i], C.p[i], C.s[i]), e.check(C.u[i], C.p[i], C.s[i]), [C.u[i], C.p[i], C.s[i]]]);
  agreed.permissions += agree(`${name} permissions`, P.u.length, (i) => [rc.permissions(P.u[i], P.s[i]).filter((p) => inSubset.has(p)), e.permissions(P.u[i], P.s[i]), [P.u[i], P.s[i]]]);
  agreed.whoCan += agree(`${name} whoCan`, W.p.length, (i) => [rcFull.whoCan(W.p[i], W.s[i]), e.whoCan(W.p[i], W.s[i], dir), [W.p[i], W.s[i]]]);
}
const GROUPS_N = 64;
agreed.check += agree("Cedar (a policy per scope and role) check", GROUPS_N, (i) => [rc.check(C.u[i], C.p[i], C.s[i]), cedarGroups.check(C.u[i], C.p[i], C.s[i]), [C.u[i], C.p[i], C.s[i]]]);
for (const e of [peers.Cedar, cedarGroups]) for (const m of e.validate()) problems.push(`Cedar validation (${e.policyCount} policies): ${m}`);
for (let i = 0; i < W.p.length; i++) agreed.whoTotal += rcFull.whoCan(W.p[i], W.s[i]).length;

// rolecascade off the happy path (issue 14, item 5): the questions timed below, answered as
// the plain check answers them. Unknown users (never in the directory: always denied); the
// checked questions with an empty context and with a real one (`launchedFrom` changes no
// compared permission: the same answers); a permission of another level at a known scope
// (always the error `level_mismatch`); `explain` (its `allowed` is the check's answer); and the
// engine on the authoring module answering the plain check.
const depthOf = (scope) => scope.split("/").length - 1;
const otherLevel = new Map(); // scope depth -> the model's permissions of the other scoped levels
for (let d = 0; d < info.levels.length; d++) otherLevel.set(d, info.permissions.filter((x) => x.depth !== null && x.depth !== d).map((x) => x.id));
const OFF = {
  // 64 users the directory does not hold (a visitor, a deleted account), asked again and again.
  unknown: { u: C.u.map((_, i) => `nobody-${i % 64}@nowhere.test`), p: C.p, s: C.s },
  mismatch: { u: C.u, p: C.s.map((s, i) => otherLevel.get(depthOf(s))[i % otherLevel.get(depthOf(s)).length]), s: C.s },
};
const CTX = { launchedFrom: "studio" };
const levelError = (u, p, s) => {
  try {
    return `no error: ${rc.check(u, p, s)}`;
  } catch (e) {
    return e.code;
  }
};
agreed.offPath += agree("rolecascade, an unknown user", C.u.length, (i) => [false, rc.check(OFF.unknown.u[i], C.p[i], C.s[i]), [OFF.unknown.u[i], C.p[i], C.s[i]]]);
agreed.offPath += agree("rolecascade, a permission of another level", C.u.length, (i) => ["level_mismatch", levelError(C.u[i], OFF.mismatch.p[i], C.s[i]), [C.u[i], OFF.mismatch.p[i], C.s[i]]]);
agreed.offPath += agree("rolecascade check(..., {}) vs check()", C.u.length, (i) => [rc.check(C.u[i], C.p[i], C.s[i]), rc.check(C.u[i], C.p[i], C.s[i], {}), [C.u[i], C.p[i], C.s[i]]]);
agreed.offPath += agree("rolecascade check(..., context) vs check()", C.u.length, (i) => [rc.check(C.u[i], C.p[i], C.s[i]), rc.check(C.u[i], C.p[i], C.s[i], CTX), [C.u[i], C.p[i], C.s[i]]]);
agreed.offPath += agree("rolecascade explain().allowed vs check()", C.u.length, (i) => [rc.check(C.u[i], C.p[i], C.s[i]), rcFull.explain(C.u[i], C.p[i], C.s[i]).allowed, [C.u[i], C.p[i], C.s[i]]]);
agreed.offPath += agree("rolecascade on the authoring module vs the runtime module", C.u.length, (i) => [rc.check(C.u[i], C.p[i], C.s[i]), rcFull.check(C.u[i], C.p[i], C.s[i]), [C.u[i], C.p[i], C.s[i]]]);
if (problems.length) {
  console.error("The engines disagree; no figures are written.\n" + problems.join("\n"));
  process.exit(1);
}
log(`  ${agreed.check} checks, ${agreed.permissions} permission lists, ${agreed.whoCan} who-can lists: all agree (${agreed.allowed} of ${C.u.length} checks allowed)`);
log(`  rolecascade off the happy path: ${agreed.offPath} answers as expected`);

// ---------------------------------------------------------------------------------------------
log("timing (medians over rounds; each round runs every case once)");
const floors = floorModule();
const views = [];
const viewPerms = [];
{
  const r = (() => {
    let a = 99;
    return (n) => {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      return (a >>> 8) % n;
    };
  })();
  for (let i = 0; i < 4096; i++) {
    const k = i % P.u.length;
    views.push(rc.view(P.u[k], P.s[k]));
    const perms = askable(P.s[k]);
    viewPerms.push(perms[r(perms.length)]);
  }
}
const subsetSet = new Set(SUBSET);
const prebuilt = Object.assign(new Error("'p' is a project permission but 's' is a company"), { code: "level_mismatch" });
const thrower = () => {
  throw prebuilt;
};
// The parts of a rolecascade check and view(), timed apart: the runtime module's RawEngine
// (`raw`, above) with the ids interned as the wrapper interns them.
const ids = { u: C.u.map((u) => raw.find(false, u)), p: C.p.map((p) => bit.get(p)), s: C.s.map((s) => raw.find(true, s)) };
const pairIds = { u: P.u.map((u) => raw.find(false, u)), s: P.s.map((s) => raw.find(true, s)) };
const maps = { u: new Map(C.u.map((u, i) => [u, ids.u[i]])), p: bit, s: new Map(C.s.map((s, i) => [s, ids.s[i]])) };
// explain's questions by the answer they get (each question asked once), timed apart too.
const answers = C.u.map((u, i) => rcFull.explain(u, C.p[i], C.s[i]).denial ?? "granted");
const byAnswer = (want) => {
  let keep = C.u.map((u, i) => i).filter((i) => answers[i] === want);
  if (keep.length > 0) keep = keep.slice(0, 2 ** Math.floor(Math.log2(keep.length))); // the timing loop takes a power of two
  return { u: keep.map((i) => C.u[i]), p: keep.map((i) => C.p[i]), s: keep.map((i) => C.s[i]) };
};
const EXPLAIN = { granted: byAnswer("granted"), noGrant: byAnswer("no_grant"), unavailable: byAnswer("unavailable") };
const cases = [
  { key: "floor.loop", run: loop(C, "acc += (u.length ^ p.length ^ s.length) & 1;") },
  { key: "floor.set", run: loop({ ...C, set: subsetSet }, "if (set.has(p)) acc++;", "const set = ctx.set;") },
  { key: "floor.wasm3", run: loop({ ...C, f: floors.add3 }, "acc += f(j, acc & 1, 2) & 1;", "const f = ctx.f;") },
  { key: "floor.strings3", run: loop({ ...C, f: floors.strings3 }, "acc += f(u, p, s) & 1;", "const f = ctx.f;") },
  // A level mismatch's floors: throwing an error built beforehand from a function and catching
  // it, and counting an error's own keys (how the package sees that nobody changed it).
  { key: "floor.throw", run: loop({ ...C, f: thrower }, "try { f(); } catch (x) { acc++; }", "const f = ctx.f;") },
  { key: "floor.ownKeys", run: loop({ ...C, x: prebuilt }, "acc += Reflect.ownKeys(x).length;", "const x = ctx.x;") },
  { key: "part.maps", run: loop({ ...C, m: maps }, "acc += (mu.get(u) + mp.get(p) + ms.get(s)) & 1;", "const mu = ctx.m.u, mp = ctx.m.p, ms = ctx.m.s;") },
  { key: "part.checkIds", run: loop({ ...ids, e: raw }, "acc += e.checkIds(u, p, s, 0);", "const e = ctx.e;") },
  { key: "part.holdingIds", run: loop({ ...pairIds, e: raw }, "acc += e.holdingIds(u, s, 0).length;", "const e = ctx.e;") },
  { key: "check.rolecascade", run: loop({ ...C, e: rc }, "if (e.check(u, p, s)) acc++;", "const e = ctx.e;") },
  { key: "checkctx.rolecascade", run: loop({ ...C, e: rc, c: CTX }, "if (e.check(u, p, s, c)) acc++;", "const e = ctx.e, c = ctx.c;") },
  { key: "has.rolecascade", run: loop({ v: views, p: viewPerms }, "if (v.has(p)) acc++;") },
  { key: "permissions.rolecascade", run: loop({ ...P, e: rc }, "acc += e.permissions(u, s).length;", "const e = ctx.e;") },
  { key: "view.rolecascade", run: loop({ ...P, e: rc }, "if (e.view(u, s)) acc++;", "const e = ctx.e;") },
  { key: "whoCan.rolecascade", run: loop({ ...W, e: rcFull }, "acc += e.whoCan(p, s).length;", "const e = ctx.e;") },
  // Off the happy path (issue 14, item 5), each against check.rolecascade.
  { key: "off.unknownUser", run: loop({ ...OFF.unknown, e: rc }, "if (e.check(u, p, s)) acc++;", "const e = ctx.e;") },
  { key: "off.emptyContext", run: loop({ ...C, e: rc }, "if (e.check(u, p, s, {})) acc++;", "const e = ctx.e;") },
  { key: "off.mismatch", run: loop({ ...OFF.mismatch, e: rc }, "try { if (e.check(u, p, s)) acc--; } catch (x) { acc++; }", "const e = ctx.e;") },
  { key: "off.explain", run: loop({ ...C, e: rcFull }, "if (e.explain(u, p, s).allowed) acc++;", "const e = ctx.e;") },
  ...Object.entries(EXPLAIN).filter(([, q]) => q.u.length > 0).map(([k, q]) => ({ key: `off.explain.${k}`, run: loop({ ...q, e: rcFull }, "if (e.explain(u, p, s).allowed) acc++;", "const e = ctx.e;") })),
  { key: "off.checkAuthoring", run: loop({ ...C, e: rcFull }, "if (e.check(u, p, s)) acc++;", "const e = ctx.e;") },
];
// Cedar's cases are timed in a process of their own (benches/js/cedar-timing.mjs says why).
for (const [name, e] of Object.entries(peers)) {
  if (name === "Cedar") continue;
  cases.push({ key: `check.${name}`, run: loop({ ...C, e }, "if (e.check(u, p, s)) acc++;", "const e = ctx.e;") });
  cases.push({ key: `permissions.${name}`, run: loop({ ...P, e }, "acc += e.permissions(u, s).length;", "const e = ctx.e;") });
  cases.push({ key: `whoCan.${name}`, run: loop({ ...W, e, dir }, "acc += e.whoCan(p, s, d).length;", "const e = ctx.e, d = ctx.dir;") });
}
const ROUNDS = QUICK ? 7 : 21;
const BATCH_MS = QUICK ? 10 : 20;
const timing = measure(cases, { ms: BATCH_MS, rounds: ROUNDS, log: QUICK ? log : () => {} });
const cedarArgs = ["--no-turbo-inline-js-wasm-calls", `${ROOT}benches/js/cedar-timing.mjs`, String(BATCH_MS), String(ROUNDS)];
// Without their rounds: timed in another process, they pair with no round of this one's.
for (const [k, v] of JSON.parse(execFileSync(process.execPath, cedarArgs, { encoding: "utf8", maxBuffer: 1 << 24 }))) timing.set(k, { ...v, samples: undefined });
for (const [k, v] of timing) log(`  ${k.padEnd(28)} ${v.median.toFixed(1).padStart(12)} ns`);

// ---------------------------------------------------------------------------------------------
log("start-up: cold, each in a fresh process (and warm: later loads in the last of them)");
const first = [C.u[0], C.p[0], C.s[0]];
const RUNS = QUICK ? 3 : 7;
const startup = {};
for (const name of ["rolecascade", "casl", "cedar", "casbin"]) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    // The last run also times warm loads (later loads in that process).
    const a = [`${ROOT}benches/js/startup.mjs`, name, dirFile, ...first, ...(i === RUNS - 1 ? ["warm"] : [])];
    runs.push(JSON.parse(execFileSync(process.execPath, a, { encoding: "utf8" })));
  }
  const want = rc.check(...first);
  if (runs.some((r) => r.answer !== want)) throw new Error(`${name}: the first answer after a cold start differs from rolecascade's`);
  const phases = Object.keys(runs[0]).filter((k) => k !== "answer");
  startup[name] = Object.fromEntries(phases.map((k) => [k, median(runs.map((r) => r[k]))]));
  startup[name].warm = runs[RUNS - 1].warm;
  if (runs[RUNS - 1].warmModel !== undefined) startup[name].warmModel = runs[RUNS - 1].warmModel;
  log(`  ${name}: ${JSON.stringify(startup[name], (k, v) => (typeof v === "number" ? +v.toFixed(2) : v))}`);
}
const warm = {
  model: { median: startup.rolecascade.warmModel },
  directory: { median: startup.rolecascade.warm },
  CASL: { median: startup.casl.warm },
  Cedar: { median: startup.cedar.warm },
  Casbin: { median: startup.casbin.warm },
};

// ---------------------------------------------------------------------------------------------
// Issue 11's measures. Cold start as it defines it (`benches/js/cold-run.mjs`: import, the
// default model with the benchmark directory as an object, parsed before timing, and one answer;
// CASL from the same object; fresh processes, alternating); where that time goes
// (`benches/js/phases.mjs`, wall and CPU, in fresh processes); and what a page that only checks
// downloads (`benches/js/page-size.mjs`, in Chromium).
log("issue 11: cold start against CASL (fresh processes, alternating), its phases, a checking page's downloads");
const COLD_RUNS = QUICK ? 5 : 11;
const cold11 = coldRuns(COLD_RUNS, dirFile);
log(`  cold start, median of ${COLD_RUNS}: rolecascade ${cold11.rolecascade.median} ms, CASL ${cold11.casl.median} ms (${cold11.ratio.toFixed(2)}×)`);
const PHASE_RUNS = QUICK ? 3 : 7;
const phaseRuns = [];
for (let i = 0; i < PHASE_RUNS; i++) phaseRuns.push(JSON.parse(execFileSync(process.execPath, [`${ROOT}benches/js/phases.mjs`, dirFile], { encoding: "utf8" })));
const phases = Object.fromEntries(
  ["import", "engine", "check"].map((k) => [k, { ms: median(phaseRuns.map((r) => r[k].ms)), cpu: median(phaseRuns.map((r) => r[k].cpu)) }]),
);
phases.total = {
  ms: median(phaseRuns.map((r) => r.import.ms + r.engine.ms + r.check.ms)),
  cpu: median(phaseRuns.map((r) => r.import.cpu + r.engine.cpu + r.check.cpu)),
};
log(`  phases, median of ${PHASE_RUNS}: ${JSON.stringify(phases)}`);
let page;
try {
  const { pageDownloads, BUDGET } = await import("./js/page-size.mjs");
  page = { ...(await pageDownloads()), budget: BUDGET };
  const a = page.answers;
  if (!(a.check === true && a.denied === false && a.has === true && a.hasNot === false && a.list === true && a.error === "level_mismatch")) {
    throw new Error(`the checking page answered wrongly: ${JSON.stringify(a)}`);
  }
  log(`  a checking page downloads ${page.total} B gzipped: ${page.files.map((f) => `${f.name} ${f.gz}`).join(", ")}`);
} catch (e) {
  // No Chromium (or playwright-core) here: the report says the figure is missing, and why.
  page = { error: String(e instanceof Error ? e.message : e).split("\n")[0] };
  log(`  the page's size was not measured: ${page.error}`);
}

// ---------------------------------------------------------------------------------------------
log("issue 12: 100,000, 400,000 and 1,000,000-user tenants in wasm (a fresh process each)");
const SCALE_ROUNDS = QUICK ? 7 : 21;
const SCALE_LOADS = QUICK ? 1 : 5;
// benches/js/scale.mjs in a fresh process: its JSON.
const scaleProcess = (companies, rounds, ...more) =>
  JSON.parse(execFileSync(process.execPath, ["--expose-gc", `${ROOT}benches/js/scale.mjs`, String(companies), String(rounds), ...more], { encoding: "utf8", maxBuffer: 1 << 24 }));
// The largest tenant of this shape the limits allow, once, from text: 209 companies (2,090,000
// users, under the 2,097,152-user limit; 243 MB of JSON, under 256 MiB). Natively: scripts/bench.sh.
const LARGEST = 209;
const largest = QUICK ? null : scaleProcess(LARGEST, 1, "text");
const largestNativeFile = `${ROOT}target/bench-largest.txt`;
if (largest) {
  const m = existsSync(largestNativeFile) ? /load_ms median ([\d.]+).*held_bytes (\d+); peak_bytes (\d+)/.exec(readFileSync(largestNativeFile, "utf8")) : null;
  largest.native = m ? { loadMs: Number(m[1]), heldBytes: Number(m[2]), peakBytes: Number(m[3]) } : null;
  log(`  largest: ${JSON.stringify(largest)}`);
}
// The spread check at 1k and 1M in five fresh processes (examples/spread.rs, run by scripts/bench.sh).
const spreadFile = `${ROOT}target/bench-spread.txt`;
const spreadRuns = existsSync(spreadFile)
  ? [...readFileSync(spreadFile, "utf8").matchAll(/spread 1k_ns ([\d.]+) 1M_ns ([\d.]+)/g)].map((m) => ({ k1: Number(m[1]), m1: Number(m[2]) }))
  : [];
const scaleRun = (QUICK ? [10] : [10, 40, 100]).map((companies) => {
  const scale = (...more) => scaleProcess(companies, SCALE_ROUNDS, ...more);
  // Each load is timed in fresh processes, five of each kind (one in quick mode): the median
  // is kept, and every run listed (a single load moved by a quarter between runs).
  const run = scale();
  const loadTexts = [run.loadText, ...Array.from({ length: SCALE_LOADS - 1 }, () => scale("text").loadText)];
  const loadObjects = Array.from({ length: SCALE_LOADS }, () => scale("object").loadObject);
  Object.assign(run, { loadText: median(loadTexts), loadTexts, loadObject: median(loadObjects), loadObjects, diffText: scale("diff").diffText });
  log(`  ${JSON.stringify(run, (k, v) => (typeof v === "number" ? +v.toPrecision(4) : v))}`);
  return run;
});

// ---------------------------------------------------------------------------------------------
log("bundle sizes (esbuild --bundle --minify, browser ESM; wasm files as shipped)");
const esbuild = await import("esbuild");
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
function bundle(contents, external = []) {
  const r = esbuild.buildSync({
    stdin: { contents, resolveDir: ROOT, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    external,
    write: false,
    logLevel: "silent",
  });
  return Buffer.from(r.outputFiles[0].contents);
}
const file = (f) => readFileSync(`${ROOT}${f}`);
const bundles = {};
{
  const js = bundle('export { default as init, Engine } from "rolecascade";');
  // The browser entry with the engine and the runtime's glue (loadAuthoring, unused here, is
  // left out by the bundler), and the runtime module: what a page that checks downloads.
  const wasm = file("pkg/web/rolecascade_runtime_bg.wasm");
  const files = [
    "pkg/web/rolecascade_runtime_bg.wasm",
    "pkg/index.web.mjs",
    "pkg/web/rolecascade_authoring_bg.wasm",
    "pkg/web/rolecascade_authoring.js",
    "pkg/full.mjs",
  ];
  bundles.rolecascade = {
    js: js.length,
    jsGz: gz(js),
    wasm: wasm.length,
    wasmGz: gz(wasm),
    pkg: files.map((f) => ({ f, raw: file(f).length, gz: gz(file(f)) })),
  };
}
{
  const js = bundle('export { createMongoAbility, AbilityBuilder, subject } from "@casl/ability";');
  bundles.CASL = { js: js.length, jsGz: gz(js), wasm: 0, wasmGz: 0 };
}
{
  const js = bundle('export { default as init, statefulIsAuthorized, preparsePolicySet, preparseSchema, isAuthorized } from "@cedar-policy/cedar-wasm/web";');
  const wasm = file("node_modules/@cedar-policy/cedar-wasm/web/cedar_wasm_bg.wasm");
  bundles.Cedar = { js: js.length, jsGz: gz(js), wasm: wasm.length, wasmGz: gz(wasm) };
}
{
  // Casbin's ES module imports "fs" dynamically, for its file adapter: a browser build leaves it out.
  const js = bundle('export { newEnforcer, newModelFromString } from "casbin";', ["fs"]);
  bundles.Casbin = { js: js.length, jsGz: gz(js), wasm: 0, wasmGz: 0, note: "`fs` left external" };
}
for (const [k, v] of Object.entries(bundles)) log(`  ${k}: js ${v.js} (${v.jsGz} gz), wasm ${v.wasm} (${v.wasmGz} gz)`);

// ---------------------------------------------------------------------------------------------
const native = existsSync(NATIVE) ? parseNative(readFileSync(NATIVE, "utf8")) : null;
if (!native) log(`no native figures: ${NATIVE} is missing (run cargo bench --bench native | tee it, or scripts/bench.sh)`);

const sh = (cmd, a) => {
  try {
    return execFileSync(cmd, a, { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
};
log("model diff in the package (benches/js/diff.mjs)");
const diffWasm = parseDiffs(sh(process.execPath, [`${ROOT}benches/js/diff.mjs`]));
const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
const machine = {
  cpu: (cpuinfo.match(/model name\s*:\s*(.*)/) || [])[1] || os.cpus()[0]?.model || "unknown",
  cores: os.cpus().length,
  memGiB: (os.totalmem() / 2 ** 30).toFixed(0),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  v8: process.versions.v8,
  rustc: sh("rustc", ["--version"]),
  commit: sh("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
  date: started.toISOString().replace(/\.\d+Z$/, "Z"),
  load: [load0, os.loadavg()],
  seconds: (performance.now() - t0) / 1000,
};

writeReport(OUT, {
  machine,
  quick: QUICK,
  versions,
  scenario: {
    scopes: gen.scopes,
    users: gen.users,
    assignments: gen.assignments,
    subset: SUBSET,
    roles: ROLES,
    model: MODEL.name,
    memberEntries: Object.values(gen.directory.members).reduce((n, m) => n + m.length, 0),
    subMembers: median(Object.entries(gen.directory.members).filter(([k]) => k.split("/").length === 2).map(([, m]) => m.length)),
  },
  agreed,
  offPath: { unknownUsers: 64, context: CTX },
  issue11: { cold: cold11, coldRuns: COLD_RUNS, phases, phaseRuns: PHASE_RUNS, page },
  scale: scaleRun,
  largest,
  spreadRuns,
  queries: { checks: C.u.length, pairs: P.u.length, who: W.p.length, groups: GROUPS_N },
  policyCounts,
  timing,
  startup,
  startupRuns: RUNS,
  warm,
  bundles,
  native,
  nativeFile: NATIVE,
  diffWasm,
});
log(`wrote ${OUT} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
