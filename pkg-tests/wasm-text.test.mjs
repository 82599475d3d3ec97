// Directory text read by the wasm module itself, in Rust (`rolecascade_runtime::text`, asked for
// through `loadFlat` by js/directory.mjs's `loadText`): what the package's Node, Deno and Bun
// entries do with every text. The module built for speed and the authoring module read it; the
// module built for size declines, as the Rust reader declines every text outside the usual form
// and every text with a mistake, and the package then reads the text itself (naming the
// mistake's place). What the module reads must be exactly what the package's object reader
// gives for the parsed text: every user and scope with the same number (an engine moves between
// the modules with its numbers), the same lists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine } from "rolecascade";
import { readDirectory, loadText, TEXT_READER_FROM } from "../js/directory.mjs";
import { modelInfo } from "../js/engine.mjs";
import { rng } from "./seeded.mjs";
import { company, spaced, unusual, mistakes } from "./texts.mjs";

const wasm = (name) => readFileSync(new URL(`../pkg/web/${name}`, import.meta.url));
// Each module on a glue of its own (a module's URL with a query is another instance of it).
const Speed = await import("../pkg/web/rolecascade_runtime.js?speed");
const { memory } = Speed.initSync({ module: wasm("rolecascade_runtime_speed_bg.wasm") });
const Size = await import("../pkg/web/rolecascade_runtime.js?size");
const sizeMemory = Size.initSync({ module: wasm("rolecascade_runtime_bg.wasm") }).memory;
const A = await import("../pkg/web/rolecascade_authoring.js?text");
A.initSync({ module: wasm("rolecascade_authoring_bg.wasm") });
const info = modelInfo(Speed.RawEngine.bizagi().modelInfo());

const realParse = JSON.parse;
let parses = 0;
JSON.parse = function (...args) {
  parses++;
  return realParse.apply(this, args);
};

// Every string a flat names, in its order.
function strings(flat) {
  const out = [];
  const dec = new TextDecoder();
  let at = 0;
  for (const n of flat.lens) {
    out.push(dec.decode(flat.text.subarray(at, at + n)));
    at += n;
  }
  return out;
}

// Whether the module reads `text`; when it does, checked against the object reader's numbers
// for the parsed text, in the runtime module built for speed (every string's number as a user
// and as a scope) and in the authoring module (the snapshot: every number and list).
function read(text, what) {
  const t = Speed.RawEngine.bizagi();
  const done = loadText(text, t)?.done === true;
  const ta = A.RawEngine.bizagi();
  assert.equal(loadText(text, ta)?.done === true, done, `${what}: the modules disagree`);
  if (!done) return false;
  let flat;
  try {
    flat = readDirectory(info, realParse(text));
  } catch (e) {
    assert.fail(`${what}: the module took a text the object reader refuses (${e.code ?? e.message}): ${text.slice(0, 300)}`);
  }
  const o = Speed.RawEngine.bizagi();
  o.loadFlat(flat.text, flat.lens, flat.ops, flat.assignments);
  for (const s of strings(flat)) {
    for (const scope of [false, true]) assert.equal(t.find(scope, s), o.find(scope, s), `${what}: '${s}' as a ${scope ? "scope" : "user"}`);
  }
  const oa = A.RawEngine.bizagi();
  oa.loadFlat(flat.text, flat.lens, flat.ops, flat.assignments);
  assert.deepEqual(ta.exportSnapshot(), oa.exportSnapshot(), `${what}: the snapshots differ`);
  for (const r of [t, ta, o, oa]) r.free();
  return true;
}

// `f`'s engine's directory, or its error (code, path and message); `made` is called once the
// engine is made or the error thrown.
function outcome(f, made = () => {}) {
  try {
    const e = f();
    made();
    return { ok: e.exportDirectory() };
  } catch (e) {
    made();
    assert.equal(typeof e.code, "string", `an error without a code: ${e && e.stack}`);
    return { error: `${e.code} @ ${e.path ?? "-"}: ${e.message}` };
  }
}

test("texts in the usual form are read by the module, into the numbers the parsed text gives", () => {
  const r = rng(11);
  const big = company(3000);
  const cases = [
    ["an empty document", "{}"],
    ["empty parts", '{"scopes":[],"members":{},"assignments":[]}'],
    ["scopes alone", '{"scopes":["acme","acme/automation"]}'],
    ["a small company", JSON.stringify(company(20))],
    ["a user named again in a list", JSON.stringify({ ...big, members: { ...big.members, acme: [...big.members.acme, "u5@acme.test", "u5@acme.test"] } })],
    ["white space", spaced(r, JSON.stringify(company(50)), 0.3)],
    ["ids beyond ASCII", JSON.stringify(company(30, "açme-😀"))],
    ["ids three bytes a character", JSON.stringify(company(200, "日本語日本語"))],
    ["two companies", JSON.stringify({ scopes: [...company(1).scopes, ...company(1, "globex").scopes], members: { ...company(40).members, ...company(40, "globex").members }, assignments: [...company(40, "globex").assignments, ...company(40).assignments] })],
    ["ids alike but for one character, and prefixes of others", JSON.stringify({ scopes: ["a", "ab", "b"], members: { a: ["u1", "u10", "u100", "u2", "u1", "v1"], ab: ["u1", "u10"] } })],
  ];
  for (const [what, text] of cases) assert.equal(read(text, what), true, `${what}: declined`);
});

test("texts outside the usual form, and texts with a mistake, are declined", () => {
  const c = company(4);
  const cases = [
    ...unusual(c),
    ["an unknown role", JSON.stringify({ ...c, assignments: [{ user: "u0@acme.test", role: "nope", scope: "acme" }] })],
    ["an unknown scope", JSON.stringify({ ...c, members: { ...c.members, globex: ["u0@acme.test"] } })],
    ["a member missing from the list its level requires", JSON.stringify({ ...c, members: { ...c.members, "acme/automation": ["stranger@x"] } })],
    ["an assignment to a user who is not a member", JSON.stringify({ ...c, assignments: [{ user: "stranger@x", role: "subscription-owner", scope: "acme/automation" }] })],
  ];
  for (const [what, text] of cases) assert.equal(read(text, what), false, `${what}: read`);
});

test("a declined text leaves the engine's directory as it was", () => {
  const raw = Speed.RawEngine.bizagi();
  assert.equal(loadText(JSON.stringify(company(3)), raw).done, true);
  const before = raw.find(false, "u2@acme.test");
  assert.ok(before >= 0);
  for (const text of ['{"scopes":["acme","acme"]}', '{"scopes":["acme"]', JSON.stringify({ ...company(3), assignments: [{ user: "u0@acme.test", role: "nope", scope: "acme" }] })]) {
    assert.notEqual(loadText(text, raw)?.done, true);
    assert.equal(raw.find(false, "u2@acme.test"), before);
  }
  raw.free();
});

test("the module built for size is not asked: the package reads the text", () => {
  const raw = Size.RawEngine.bizagi();
  const text = JSON.stringify(company(10));
  // Under the JavaScript text reader's threshold: left to the caller to parse.
  assert.equal(loadText(text, raw), undefined);
  assert.equal(raw.find(false, "u0@acme.test"), -1);
  // Past it: read by the JavaScript text reader, and never copied into the module (which would
  // refuse it only after taking room for it).
  const before = sizeMemory.buffer.byteLength;
  const flat = loadText(text + " ".repeat(TEXT_READER_FROM), raw);
  assert.equal(flat.done, undefined);
  assert.ok(flat.ops.length > 0);
  assert.ok(sizeMemory.buffer.byteLength - before < 2 ** 20, `the module's memory grew by ${sizeMemory.buffer.byteLength - before} bytes`);
  raw.free();
});

test("through Engine: every text has the outcome of its parsed object, errors named by path", () => {
  const c = company(60);
  const object = (text) => outcome(() => Engine.bizagi(realParse(text)));
  const cases = [
    // [what, text, read by the module]
    ["a company", JSON.stringify(c), true],
    ["a company, pretty", JSON.stringify(c, null, 2), true],
    ["an unknown role, named by its path", JSON.stringify({ ...c, assignments: [...c.assignments.slice(0, 7), { user: "u0@acme.test", role: "nope", scope: "acme" }] }), false],
    ["a member list given twice (the last counts)", `{"scopes":${JSON.stringify(c.scopes)},"members":{"acme":["x@y"],"acme":${JSON.stringify(c.members.acme)}}}`, false],
    ["an escape", JSON.stringify(c).replace("u1@acme.test", "u1\\u0040acme.test"), false],
    // Declined by the module, read by the JavaScript text reader, named by the parsed text.
    ["an unknown role in a large text", JSON.stringify({ ...c, assignments: [{ user: "u0@acme.test", role: "nope", scope: "acme" }] }) + " ".repeat(TEXT_READER_FROM), false],
  ];
  for (const [what, text, module] of cases) {
    const before = parses;
    let parsed;
    const got = outcome(
      () => Engine.bizagi(text),
      () => (parsed ??= parses > before),
    );
    assert.equal(parsed, !module, `${what}: parsed ${parsed}`);
    assert.deepEqual(got, object(text), what);
  }
  assert.match(outcome(() => Engine.bizagi(cases[2][1])).error, /^unknown_role @ assignments\[7\]/);
  assert.deepEqual(outcome(() => Engine.bizagi(cases[3][1])).ok.members.acme, c.members.acme);
  assert.ok(outcome(() => Engine.bizagi(cases[4][1])).ok.members.acme.includes("u1@acme.test"));
});

test("1,500 texts with a mistake made in them at random: read as parsed, or declined and read by the package", () => {
  const { taken, declined } = mistakes(2027, read, (text, i) => {
    // Through Engine, the outcome of the parsed text (or invalid_json).
    let parsed;
    try {
      parsed = realParse(text);
    } catch {
      assert.match(outcome(() => Engine.bizagi(text)).error ?? "", /^invalid_json/, `case ${i}`);
      return;
    }
    if (i % 5 === 0) assert.deepEqual(outcome(() => Engine.bizagi(text)), outcome(() => Engine.bizagi(parsed)), `case ${i}: ${text}`);
  });
  assert.ok(taken > 400 && declined > 600, `taken ${taken}, declined ${declined}`);
});

test("an engine loaded from text moves to the authoring module with its numbers", () => {
  const c = company(200);
  const text = JSON.stringify(c);
  const e = Engine.bizagi(text);
  const o = Engine.bizagi(c);
  const questions = [];
  for (let i = 0; i < 200; i += 7) for (const s of c.scopes) questions.push([`u${i}@acme.test`, s]);
  const ask = (x) => questions.map(([u, s]) => [x.check(u, "project.delete", "acme/automation/claims"), x.view(u, s).list()]);
  // Asked before the move: the package keeps each id's number.
  const first = ask(e);
  assert.deepEqual(first, ask(o));
  assert.ok(first.some(([yes]) => yes) && first.some(([yes]) => !yes));
  // A change moves the engine, which reads the text again there.
  assert.equal(e.addMember("acme/studio", "u1@acme.test"), true);
  assert.equal(o.addMember("acme/studio", "u1@acme.test"), true);
  assert.deepEqual(ask(e), first);
  assert.deepEqual(e.exportDirectory(), o.exportDirectory());
  assert.deepEqual(e.explain("u0@acme.test", "project.delete", "acme/automation/claims"), o.explain("u0@acme.test", "project.delete", "acme/automation/claims"));
  // A second text loaded before the move: the move reads that one.
  const e2 = Engine.bizagi(text);
  const other = company(30, "globex");
  e2.loadDirectory(JSON.stringify(other));
  assert.equal(e2.addMember("globex/studio", "u1@globex.test"), true);
  const o2 = Engine.bizagi(other);
  o2.addMember("globex/studio", "u1@globex.test");
  assert.deepEqual(e2.exportDirectory(), o2.exportDirectory());
});

test("a text naming one member 40 million times is read in the memory of the text alone", { timeout: 600_000 }, () => {
  const n = 40_000_000;
  const text = `{"scopes":["acme"],"members":{"acme":[${'"a",'.repeat(n - 1)}"a"]}}`;
  const raw = Speed.RawEngine.bizagi();
  const before = memory.buffer.byteLength;
  assert.equal(loadText(text, raw).done, true);
  // The text crosses into wasm once; a user named again in a list is passed over as it comes.
  const grown = memory.buffer.byteLength - before;
  assert.ok(grown <= text.length + 16 * 2 ** 20, `wasm memory grew by ${(grown / 2 ** 20).toFixed(0)} MiB for a ${(text.length / 2 ** 20).toFixed(0)} MiB text`);
  assert.equal(raw.find(false, "a"), 0);
  raw.free();
});

// Last: it fills the modules' memory (freed again at the end).
test("running out of memory in a text load or a move is limit_exceeded, and every engine keeps answering", { timeout: 600_000 }, () => {
  // About 300 MiB of wasm memory per engine: 800,000 users with 240-byte ids.
  const pad = "x".repeat(240);
  const users = Array.from({ length: 800_000 }, (_, i) => `"${pad}${i}"`).join(",");
  const text = `{"scopes":["acme"],"members":{"acme":[${users}]},"assignments":[]}`;
  const engines = [];
  let refused;
  for (let k = 0; k < 20 && refused === undefined; k++) {
    try {
      const e = Engine.bizagi(text);
      engines.push(e);
      // The move reads the text again in the authoring module.
      assert.deepEqual(e.whoCan("portal.support", "acme"), []);
    } catch (err) {
      refused = err;
    }
  }
  assert.ok(refused, "20 engines fitted");
  assert.equal(refused.code, "limit_exceeded", refused.message);
  for (const e of engines) assert.equal(e.check(`${pad}7`, "portal.support", "acme"), false);
  for (const e of engines) e.free();
});
