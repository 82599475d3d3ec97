// The package's JavaScript text reader (js/directory.mjs, `readDirectoryText`): a large directory
// given as JSON text in the general form with its keys in the usual order is read from the text
// itself; anything else, and smaller texts, are parsed with JSON.parse and read as an object
// (`readDirectory`). In Node, Deno and Bun the runtime module reads such text first, in Rust
// (pkg-tests/wasm-text.test.mjs); this reader reads what that one declines when it is large (a
// text with a mistake the engine finds) and every large text when the module is the one built
// for size (whose bytes `initSync` also takes). For every text it takes, it must hand the engine
// exactly the numbers the object reader gives for the parsed text; every text it declines must
// be parsed. It is tested here directly at every size, and through `Engine` with texts past its
// threshold (white space added), where whether JSON.parse ran is seen from outside. (The package
// shares the glue this file initialises with the module built for size: the engines here are on
// it, so every text reaches this reader.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine } from "rolecascade";
import { readDirectory, readDirectoryText, TEXT_READER_FROM } from "../js/directory.mjs";
import { modelInfo } from "../js/engine.mjs";
import * as R from "../pkg/web/rolecascade_runtime.js";
import { rng } from "./seeded.mjs";
import { company, spaced, unusual, mistakes } from "./texts.mjs";

R.initSync({ module: readFileSync(new URL("../pkg/web/rolecascade_runtime_bg.wasm", import.meta.url)) });
const info = modelInfo(R.RawEngine.bizagi().modelInfo());

const realParse = JSON.parse;
let parses = 0;
JSON.parse = function (...args) {
  parses++;
  return realParse.apply(this, args);
};


// The text reader's numbers for `text` (at any size), checked against the object reader's for
// the parsed text: the same when it reads the text. Whether it did.
function read(text, what) {
  const t = readDirectoryText(text, 0);
  if (t === undefined) return false;
  let o;
  try {
    o = readDirectory(info, realParse(text));
  } catch (e) {
    assert.fail(`${what}: the text reader took a text the object reader refuses (${e.code ?? e.message}): ${text}`);
  }
  for (const k of ["text", "lens", "ops", "assignments"]) assert.deepEqual([...t[k]], [...o[k]], `${what}: ${k} differ: ${text}`);
  return true;
}

// `f`'s engine's directory, or its error; `counted` is called once the engine is made.
function outcome(f, counted = () => {}) {
  try {
    const e = f();
    counted();
    return { ok: e.exportDirectory() };
  } catch (e) {
    counted();
    assert.equal(typeof e.code, "string", `an error without a code: ${e && e.stack}`);
    return { error: `${e.code} @ ${e.path ?? "-"}: ${e.message}` };
  }
}

// Through Engine: the text's outcome, and whether JSON.parse ran before the engine was made or
// the error thrown.
function fromText(text) {
  const before = parses;
  let parsed;
  const out = outcome(
    () => Engine.bizagi(text),
    () => (parsed ??= parses > before),
  );
  return { out, parsed };
}

// The text past the reader's threshold: white space after the document.
const padded = (text) => text + " ".repeat(TEXT_READER_FROM);

test("texts in the usual form are read where they stand, into the numbers the parsed text gives", () => {
  const r = rng(7);
  // White space of every kind between tokens, at random.
  const big = company(6000);
  const cases = [
    ["an empty document", "{}"],
    ["empty parts", '{"scopes":[],"members":{},"assignments":[]}'],
    ["scopes alone", '{"scopes":["acme","acme/automation"]}'],
    ["members and assignments without scopes (an unknown scope)", '{"members":{"acme":["a@x"]},"assignments":[]}'],
    ["a small company", JSON.stringify(company(20))],
    // Past the table's first growths (4,096 slots), with a user named twice in one list.
    ["a larger company", JSON.stringify({ ...big, members: { ...big.members, acme: [...big.members.acme, "u5@acme.test"] } })],
    ["white space", spaced(r, JSON.stringify(company(50)), 0.3)],
    ["ids beyond ASCII", JSON.stringify(company(30, "açme-😀"))],
    // Past the strings' text's growths (64 KiB, then twice as much each time), where strings
    // three times longer in UTF-8 than in UTF-16 must still fit.
    ["ids three bytes a character", JSON.stringify(company(20000, "日本語日本語日本語日本語"))],
    ["a mistake the engine finds (an unknown role)", JSON.stringify({ ...company(5), assignments: [{ user: "u0@acme.test", role: "nope", scope: "acme" }] })],
    ["ids alike but for one character, and prefixes of others", JSON.stringify({ scopes: ["a", "ab", "b"], members: { a: ["u1", "u10", "u100", "u2", "u1", "v1"], ab: ["u1", "u10"] } })],
  ];
  for (const [what, text] of cases) assert.equal(read(text, what), true, `${what}: declined`);
});

test("strings of one length whose hashes collide are still told apart", () => {
  // 300,000 ids like `u123@c26.test`: about six pairs of the same length share a 32-bit hash,
  // whatever the seed (no pair in 1 of 400 readings).
  const ids = Array.from({ length: 300000 }, (_, i) => `u${i}@c${i % 97}.test`);
  assert.equal(read(JSON.stringify({ scopes: ["a"], members: { a: ids } }), "300,000 ids"), true);
});

test("texts outside the usual form are declined", () => {
  for (const [what, text] of unusual(company(4))) assert.equal(read(text, what), false, `${what}: read`);
});

test("1,500 texts with a mistake made in them at random: read into the parsed text's numbers, or declined", () => {
  const { taken, declined } = mistakes(2026, read);
  // Both ways are exercised.
  assert.ok(taken > 500 && declined > 600, `taken ${taken}, declined ${declined}`);
});

test("through Engine: large texts are read where they stand, others parsed, to the same outcome", () => {
  const c = company(300);
  const object = (text) => outcome(() => Engine.bizagi(realParse(text)));
  const cases = [
    // [what, text, read where it stands]
    ["a company", padded(JSON.stringify(c)), true],
    ["a mistake the engine finds, named by its path", padded(JSON.stringify({ ...c, assignments: [...c.assignments.slice(0, 7), { user: "u0@acme.test", role: "nope", scope: "acme" }] })), true],
    ["a member list given twice (the last counts)", padded(`{"scopes":${JSON.stringify(c.scopes)},"members":{"acme":["x@y"],"acme":${JSON.stringify(c.members.acme)}}}`), false],
    ["a shape error", padded('{"scopes":[1]}'), false],
    ["a text under the threshold", JSON.stringify(c), false],
  ];
  for (const [what, text, where] of cases) {
    const t = fromText(text);
    assert.deepEqual(t.out, object(text), what);
    // An error the engine finds has the text parsed to name the entry.
    if (t.out.ok) assert.equal(t.parsed, !where, `${what}: parsed ${t.parsed}`);
  }
  assert.match(fromText(cases[1][1]).out.error, /^unknown_role @ assignments\[7\]/);
  assert.deepEqual(fromText(cases[2][1]).out.ok.members.acme, c.members.acme);
});
