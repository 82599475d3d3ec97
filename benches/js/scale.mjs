// Issue 12's scale cases, the part this script measures: in a fresh Node process, a tenant of
// `companies` × 10,000 users (benches/js/gen.mjs; default 10: 100,000 users) loaded through the
// package in wasm, and what changes cost at that size. Prints JSON (milliseconds):
//
// - `loadText`: `Engine.bizagi(text)`, the directory as JSON text (with `text` after the rounds:
//   that and `wasmBytes` alone); `loadObject` (with `object` after the rounds: that alone, in a
//   process of its own): `Engine.bizagi(directory)`, the directory already parsed (`JSON.parse`
//   of the text, not timed). Neither holds the other form meanwhile: the generator's own object
//   is let go first. (That object's strings were made by concatenation and flattened by
//   `JSON.stringify`: V8 keeps each as a second string pointing to the first, which is slower
//   to read and to collect than the strings `JSON.parse` makes, and no app loading text or a
//   parsed document holds a million of them as well.)
// - `diffText` (with `diff` after the rounds, in a process of its own): `Engine.diff(null, null,
//   text)`, the directory read by the authoring module's Rust reader instead of the package's;
// - `move`: the first change moves the engine to the authoring module, directory and all (once);
// - `wasmBytes`: the wasm memory the first engine took (the directory and the load's peak);
// - `changes`: medians over `rounds` of `revoke` then `assign` of an existing assignment (a
//   different one each round, put back as it was), `addMember` of a user already a member,
//   `addMember` (`join`) then `removeMember` of a company user not on the subscription's list,
//   and `createScope` then `removeScope` of a new project as a company administrator;
// - `batch`: medians over `rounds` of `apply` of ten revokes, then of the ten assigns back.
//
// `node --expose-gc benches/js/scale.mjs [companies] [rounds] [object|text|diff]`. benches/run.mjs runs it for
// BENCHMARKS.md at 10, 40 and 100 companies (100,000, 400,000 and 1,000,000 users), each load in
// a fresh process;
// benches/native.rs loads the same directories natively.
import { generate } from "./gen.mjs";

const companies = Number(process.argv[2] || 10);
const rounds = Number(process.argv[3] || 21);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const gen = generate(companies, 10_000);
gen.directory = undefined;
const { Engine } = await import("rolecascade");

const time = (f) => {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
};
if (process.argv[4] === "object") {
  const directory = JSON.parse(gen.json);
  const [loadObject] = time(() => Engine.bizagi(directory));
  console.log(JSON.stringify({ users: gen.users, loadObject }));
  process.exit(0);
}
if (process.argv[4] === "diff") {
  // The authoring module's own reader (the Rust one) over the same text: `Engine.diff` of the
  // default model against itself reads the directory once, in that module's memory.
  const [diffText, d] = time(() => Engine.diff(null, null, gen.json));
  if (d.gained.length + d.lost.length !== 0) throw new Error("the default model differs from itself");
  console.log(JSON.stringify({ users: gen.users, diffText }));
  process.exit(0);
}
// Collected first and after (`--expose-gc`, as benches/run.mjs runs this), once the load's task
// has ended, twice: buffers the load made and let go (the text's UTF-8 copy handed to wasm, kept
// until then; the wasm memory's smaller backing stores before it grew) are not counted (V8's
// count of external memory lets go of some only at the second collection: 503 MB, then 389 MB
// at a million users).
const collect = async () => {
  for (let k = 0; k < 2; k++) {
    await new Promise((done) => setImmediate(done));
    globalThis.gc?.();
  }
};
await collect();
const m0 = process.memoryUsage().external;
const [loadText, e] = time(() => Engine.bizagi(gen.json));
await collect();
// The wasm memory the first engine took (V8 counts it as external memory): the directory and
// what the load needed at its peak, since wasm memory grows but never shrinks.
const wasmBytes = process.memoryUsage().external - m0;
if (process.argv[4] === "text") {
  const assignments = JSON.parse(gen.json).assignments;
  const a = assignments[assignments.length - 1];
  if (e.check(a.user, "portal.support", a.scope) !== e.permissions(a.user, a.scope).includes("portal.support")) throw new Error("the engine disagrees with itself");
  console.log(JSON.stringify({ users: gen.users, assignments: gen.assignments, jsonBytes: gen.json.length, loadText, wasmBytes }));
  process.exit(0);
}

const d = JSON.parse(gen.json);
const admin = d.assignments.find((a) => a.role === "company-admin" && a.scope === "c0").user;
// Contributors with no other assignment: their project.edit there comes and goes with it.
const held = new Map();
for (const a of d.assignments) held.set(a.user, (held.get(a.user) ?? 0) + 1);
const picks = d.assignments.filter((a) => a.role === "project-contributor" && held.get(a.user) === 1);
const step = Math.max(1, Math.floor(picks.length / rounds));
const member = d.members["c0/automation"][0];
// A company user who is not on the subscription's list: added, then removed again.
const onList = new Set(d.members["c0/automation"]);
const outsider = d.members.c0.find((u) => !onList.has(u));

const [move] = time(() => e.addMember("c0/automation", member)); // already a member: nothing changes
const out = { revoke: [], assign: [], addMember: [], join: [], removeMember: [], createScope: [], removeScope: [] };
for (let i = 0; i < rounds; i++) {
  const a = picks[(i * step) % picks.length];
  const [tr, gone] = time(() => e.revoke(a.user, a.role, a.scope));
  if (gone !== true || e.check(a.user, "project.edit", a.scope) !== false) throw new Error(`revoke ${JSON.stringify(a)} did not take`);
  const [ta] = time(() => e.assign(a.user, a.role, a.scope));
  if (e.check(a.user, "project.edit", a.scope) !== true) throw new Error(`assign ${JSON.stringify(a)} did not take`);
  const [tm, added] = time(() => e.addMember("c0/automation", member));
  if (added !== false) throw new Error("addMember of a member changed something");
  const [tj, joined] = time(() => e.addMember("c0/automation", outsider));
  const [tl, left] = time(() => e.removeMember("c0/automation", outsider));
  if (joined !== true || left !== true) throw new Error(`addMember/removeMember of ${outsider} did not take`);
  const scope = `c0/automation/scale-bench-${i}`;
  const [tc] = time(() => e.createScope(admin, scope));
  if (e.check(admin, "project.edit", scope) !== true) throw new Error(`createScope ${scope} did not take`);
  const [tx] = time(() => e.removeScope(admin, scope));
  if (e.check(admin, "project.edit", scope) !== false) throw new Error(`removeScope ${scope} did not take`);
  out.revoke.push(tr);
  out.assign.push(ta);
  out.addMember.push(tm);
  out.join.push(tj);
  out.removeMember.push(tl);
  out.createScope.push(tc);
  out.removeScope.push(tx);
}
// Batches: `apply` of ten revokes (ten of the assignments above, a different ten each round),
// then of the ten assigns that put them back.
const batches = { revoke10: [], assign10: [] };
for (let i = 0; i < rounds; i++) {
  const ten = Array.from({ length: 10 }, (_, k) => picks[(i * 10 + k) % picks.length]);
  const [tr, gone] = time(() => e.apply(ten.map((a) => ({ op: "revoke", ...a }))));
  const [ta, back] = time(() => e.apply(ten.map((a) => ({ op: "assign", ...a }))));
  if (gone.length !== 10 || back.length !== 10 || e.check(ten[0].user, "project.edit", ten[0].scope) !== true) throw new Error("a batch did not take");
  batches.revoke10.push(tr);
  batches.assign10.push(ta);
}
const changes = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, median(v)]));
const batch = Object.fromEntries(Object.entries(batches).map(([k, v]) => [k, median(v)]));
console.log(JSON.stringify({ users: gen.users, assignments: gen.assignments, scopes: gen.scopes, jsonBytes: gen.json.length, rounds, loadText, move, wasmBytes, changes, batch }));
