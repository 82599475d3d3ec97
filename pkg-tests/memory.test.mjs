// No trap, ever, within the documented limits: huge documents are read in bounded memory, the
// limits are refused with a code and a message naming them, and running out of wasm memory is
// an error that leaves every engine answering. Its own file, so its own process and memory.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine } from "rolecascade";

// The glue module the package loaded: initSync on an initialised module hands back its exports.
const glue = await import("../pkg/web/rolecascade_runtime.js");
const { memory } = glue.initSync({ module: readFileSync(new URL("../pkg/web/rolecascade_runtime_bg.wasm", import.meta.url)) });
const MiB = 2 ** 20;
const LIMIT = { timeout: 600_000 };
const authoringGlue = await import("../pkg/web/rolecascade_authoring.js");
const authoring = authoringGlue.initSync({ module: readFileSync(new URL("../pkg/web/rolecascade_authoring_bg.wasm", import.meta.url)) });

const sample = {
  companies: [{ id: "acme", users: ["ana@acme.test", "bo@acme.test"], subscriptions: [{ service: "automation", users: ["ana@acme.test", "bo@acme.test"], projects: [{ id: "claims" }] }] }],
  assignments: [{ user: "ana@acme.test", role: "subscription-owner", scope: "acme/automation" }],
};

function answers(e) {
  assert.equal(e.check("ana@acme.test", "project.delete", "acme/automation/claims"), true);
  assert.equal(e.check("bo@acme.test", "project.delete", "acme/automation/claims"), false);
  assert.deepEqual(e.whoCan("project.delete", "acme/automation/claims"), ["ana@acme.test"]);
}

// A grow of the wasm memory takes time in proportion to its size in Node 20's V8: grown by what
// each allocation lacks, a structure built step by step to hundreds of megabytes took time
// quadratic in its size. Under 32 MiB a memory grows by what an allocation asks; from there by
// half its size at least (crates/wasm-runtime/src/grow.rs). Run first, while the memory is small.
test("each module's allocator grows a small memory by what it lacks, a large one by half its size", () => {
  const PAGE = 65536;
  // Ever larger allocations (each freed again) until one does not fit in the memory there is:
  // the size of that one, and how much the memory grew for it.
  function grow(name, module, mem) {
    const before = mem.buffer.byteLength;
    for (let k = PAGE; ; k += PAGE) {
      assert.ok(k <= before + PAGE, `${name}: an allocation of ${k} bytes fitted in a memory of ${before}`);
      assert.equal(module.RawEngine.hasRoom(k), true);
      if (mem.buffer.byteLength !== before) return { before, asked: k, grown: mem.buffer.byteLength - before };
    }
  }
  const modules = [
    ["runtime", glue, memory],
    ["authoring", authoringGlue, authoring.memory],
  ];
  for (const [name, module, mem] of modules) {
    const small = grow(name, module, mem);
    assert.ok(small.before < 32 * MiB, `${name}: ${small.before} bytes at the start`);
    assert.ok(small.grown <= small.asked + 2 * PAGE, `${name}: a memory of ${small.before / PAGE} pages grew by ${small.grown / PAGE} for ${small.asked} bytes`);
  }
  // A directory held (in the runtime module, then moved to the authoring module): each memory
  // large and nearly full in turn, where a small allocation grows it by half.
  const users = Array.from({ length: 250_000 }, (_, i) => `user-${String(i).padStart(8, "0")}@a-company-with-a-long-name.test`);
  const big = Engine.bizagi({ scopes: ["acme"], members: { acme: users } });
  for (const [name, module, mem] of modules) {
    if (name === "authoring") assert.equal(big.addMember("acme", users[1]), false);
    const large = grow(name, module, mem);
    assert.ok(large.before >= 32 * MiB, `${name}: ${large.before / MiB} MiB with the directory`);
    assert.ok(large.grown >= Math.floor(large.before / PAGE / 2) * PAGE, `${name}: a memory of ${large.before / PAGE} pages grew by ${large.grown / PAGE} for ${large.asked} bytes`);
  }
  big.free();
});

test("160 MB of one repeated member loads in the memory of the text alone", LIMIT, () => {
  const n = 40_000_000;
  const text = `{"scopes":["acme"],"members":{"acme":[${'"a",'.repeat(n - 1)}"a"]}}`;
  const e = Engine.bizagi(sample);
  const before = memory.buffer.byteLength;
  e.loadDirectory(text);
  const grown = memory.buffer.byteLength - before;
  // The text itself crosses into wasm once; nothing per entry is kept.
  assert.ok(grown <= text.length + 16 * MiB, `wasm memory grew by ${(grown / MiB).toFixed(0)} MiB for a ${(text.length / MiB).toFixed(0)} MiB text`);
  assert.deepEqual(e.exportDirectory().members, { acme: ["a"] });
  e.loadDirectory(sample);
  answers(e);
});

test("a directory over a count limit is refused naming the limit; the engine keeps its directory", LIMIT, () => {
  const e = Engine.bizagi(sample);
  const max = 2 ** 21; // MAX_USERS in src/limits.rs
  const users = Array.from({ length: max + 1 }, (_, i) => `"u${i}"`).join(",");
  const text = `{"scopes":["acme"],"members":{"acme":[${users}]}}`;
  assert.throws(() => e.loadDirectory(text), (err) => err.code === "limit_exceeded" && err.message.includes(String(max)) && err.path === `members.acme[${max}]`);
  answers(e);
  // Over the document size: refused before it crosses into wasm.
  assert.throws(() => e.loadDirectory(" ".repeat(256 * MiB + 1)), { code: "limit_exceeded" });
  answers(e);
});

test("running out of wasm memory is an error, never a trap: every engine keeps answering", LIMIT, () => {
  // About 300 MiB of wasm memory per engine: 800,000 users with 240-byte ids.
  const pad = "x".repeat(240);
  const users = Array.from({ length: 800_000 }, (_, i) => `"${pad}${i}"`).join(",");
  const text = `{"scopes":["acme"],"members":{"acme":[${users}]},"assignments":[]}`;
  const engines = [Engine.bizagi(sample)];
  let refused;
  for (let k = 0; k < 20 && refused === undefined; k++) {
    try {
      engines.push(Engine.bizagi(text));
    } catch (err) {
      refused = err;
    }
  }
  assert.ok(refused, `20 engines of ${(text.length / MiB).toFixed(0)} MiB each fitted in ${(memory.buffer.byteLength / MiB).toFixed(0)} MiB`);
  assert.equal(refused.code, "limit_exceeded", refused.message);
  // Every engine still answers: small calls, changes, and the largest answer.
  answers(engines[0]);
  engines[0].assign("bo@acme.test", "project-contributor", "acme/automation/claims");
  assert.equal(engines[0].check("bo@acme.test", "project.edit", "acme/automation/claims"), true);
  for (const e of engines.slice(1)) assert.deepEqual(e.whoCan("portal.support", "acme"), []);
  // Exporting a big directory needs memory that is not there: refused, not trapped.
  let exported = 0;
  for (const e of engines.slice(1)) {
    try {
      exported += e.exportDirectory().members.acme.length;
    } catch (err) {
      assert.equal(err.code, "limit_exceeded", err.message);
    }
  }
  // Freed engines give their memory back to the others.
  for (const e of engines.splice(2)) e.free();
  const again = Engine.bizagi(text);
  assert.equal(again.exportDirectory().members.acme.length, 800_000);
  answers(engines[0]);
  assert.ok(exported >= 0);
});
