// The package reads directory documents in JavaScript (js/directory.mjs) and hands the engine
// numbers; the Rust reader (crates/authoring/src/directory.rs) reads JSON text. Both must accept the
// same documents, give the same answers, and refuse the same mistakes with the same code and
// path. Each case here is a valid document with one mistake made in it at random (seeded, so a
// failure repeats), read both ways: through `Engine` and through the authoring module's Rust
// reader (`RawEngine.loadDirectory`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Engine } from "rolecascade";
import { rng } from "./seeded.mjs";

const require = createRequire(import.meta.url);
const A = require("../pkg/web/rolecascade_authoring.cjs");
A.initSync({ module: readFileSync(new URL("../pkg/web/rolecascade_authoring_bg.wasm", import.meta.url)) });


const nested = {
  companies: [
    {
      id: "acme",
      users: ["ana@acme.test", "bo@acme.test", "cy@acme.test"],
      subscriptions: [
        { service: "automation", users: ["ana@acme.test", "bo@acme.test"], projects: [{ id: "claims", environments: ["testing", "production"] }, "billing"] },
        { service: "studio", users: ["cy@acme.test"] },
      ],
    },
    "initech",
  ],
  assignments: [
    { user: "ana@acme.test", role: "subscription-owner", scope: "acme/automation" },
    { user: "bo@acme.test", role: "project-owner", scope: "acme/automation/claims" },
    { user: "cy@acme.test", role: "developer", scope: "acme/studio" },
  ],
};

const general = {
  scopes: ["acme", "acme/automation", "acme/automation/claims", "acme/automation/claims/testing", "acme/studio", "initech"],
  members: { acme: ["ana@acme.test", "bo@acme.test", "cy@acme.test"], "acme/automation": ["ana@acme.test", "bo@acme.test"], "acme/studio": ["cy@acme.test"] },
  assignments: nested.assignments,
};

const WRONG = [0, 1.5, true, null, {}, [], "x", "", "ana\ud800", "a\u0000b", "acme/automation", "subscription-owner", "nope", "x".repeat(300), "\u202e"];

// Every place in a document: [parent, key] pairs, so one can be changed or removed.
function places(v, out = []) {
  if (v !== null && typeof v === "object") {
    for (const k of Object.keys(v)) {
      out.push([v, k]);
      places(v[k], out);
    }
  }
  return out;
}

function mutate(doc, r) {
  const d = structuredClone(doc);
  const all = places(d);
  const [parent, key] = all[Math.floor(r() * all.length)];
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const how = Math.floor(r() * 5);
  if (how === 0) parent[key] = pick(WRONG);
  else if (how === 1 && !Array.isArray(parent)) delete parent[key];
  else if (how === 2 && !Array.isArray(parent)) parent[pick(["colour", "users", "id", "service", "role", "members", "scopes", "companies"])] = structuredClone(pick([...WRONG, parent[key]]));
  else if (how === 3 && Array.isArray(parent)) parent.push(structuredClone(parent[key]));
  else if (Array.isArray(parent[key])) parent[key].push(pick(WRONG));
  else parent[key] = pick(WRONG);
  return d;
}

function outcome(f) {
  try {
    f();
    return "ok";
  } catch (e) {
    assert.equal(typeof e.code, "string", `an error without a code: ${e && e.stack}`);
    return `${e.code} @ ${e.path ?? "-"}`;
  }
}

for (const [name, base] of [["nested", nested], ["general", general]]) {
  test(`the JavaScript reader and the Rust reader agree: ${name} form, 600 documents with a mistake`, () => {
    const r = rng(name.length * 7919);
    let refused = 0;
    for (let i = 0; i < 600; i++) {
      const doc = mutate(base, r);
      const js = outcome(() => Engine.bizagi(doc));
      // From text: the package lets the parsed document go before the load, and parses the
      // text again only to name an error's entry.
      const text = outcome(() => Engine.bizagi(JSON.stringify(doc)));
      const rust = outcome(() => {
        const raw = A.RawEngine.bizagi();
        try {
          raw.loadDirectory(JSON.stringify(doc));
        } finally {
          raw.free();
        }
      });
      assert.equal(js, rust, `case ${i}: ${JSON.stringify(doc)}`);
      assert.equal(text, rust, `case ${i} from text: ${JSON.stringify(doc)}`);
      if (js !== "ok") refused++;
    }
    // Not vacuous: most mistakes are mistakes.
    assert.ok(refused > 300, `only ${refused} of 600 refused`);
  });
}

test("both readers build the same directory", () => {
  for (const doc of [nested, general]) {
    const e = Engine.bizagi(doc);
    const raw = A.RawEngine.bizagi();
    raw.loadDirectory(JSON.stringify(doc));
    assert.deepEqual(e.exportDirectory(), JSON.parse(raw.exportDirectory()));
    raw.free();
  }
});

test("many strings, numbered once each: the same directory as the Rust reader's", () => {
  // Past the reader's move from a Map to its own table (at 2^15 strings) and two growths of
  // that table, with ids alike but for one character, ids that are prefixes of others, repeats.
  const users = [];
  for (let i = 0; i < 140000; i++) users.push(i % 3 === 0 ? `u${i}` : i % 3 === 1 ? `u${i}@acme.test` : `${i}u`);
  const members = { acme: [...users, ...users.slice(0, 500)], "acme/automation": users.filter((_, i) => i % 2 === 0) };
  const assignments = users.filter((_, i) => i % 4 === 0).map((user) => ({ user, role: "project-contributor", scope: "acme/automation/claims" }));
  const doc = { scopes: ["acme", "acme/automation", "acme/automation/claims"], members, assignments };
  const e = Engine.bizagi(doc);
  const raw = A.RawEngine.bizagi();
  raw.loadDirectory(JSON.stringify(doc));
  assert.deepEqual(e.exportDirectory(), JSON.parse(raw.exportDirectory()));
  raw.free();
  assert.equal(e.check("u0", "project.read", "acme/automation/claims"), true);
  assert.equal(e.check("u0@acme.test", "project.read", "acme/automation/claims"), false);
  assert.equal(e.check("u4@acme.test", "project.read", "acme/automation/claims"), true);
});
