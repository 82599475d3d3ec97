// `explain` in the package puts the two common answers (granted; no role grants it) in words
// itself, from numbers the authoring module gives (js/full.mjs), and asks the engine for the
// others. Here every question of every decision vector's directory (and of one with ids that
// need escaping) is explained both ways: through `Engine` and by the authoring module's Rust
// `explain` directly. The decisions must be identical, word for word, and so must the errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Engine } from "rolecascade";
import { vectorFiles, modelText, makeEngine } from "./vectors-runner.mjs";

const require = createRequire(import.meta.url);
const A = require("../pkg/web/rolecascade_authoring.cjs");
A.initSync({ module: readFileSync(new URL("../pkg/web/rolecascade_authoring_bg.wasm", import.meta.url)) });

function rawEngine(file) {
  const raw =
    file.model === undefined || file.model === "bizagi"
      ? A.RawEngine.bizagi()
      : A.RawEngine.fromCompiled(A.compile(typeof file.model === "string" ? modelText(file.model) : JSON.stringify(file.model)));
  raw.loadDirectory(JSON.stringify(file.directory));
  return raw;
}

function modelDoc(file) {
  if (file.model === undefined || file.model === "bizagi") return JSON.parse(modelText("bizagi"));
  return typeof file.model === "string" ? JSON.parse(modelText(file.model)) : file.model;
}

function outcome(f) {
  try {
    return { decision: f() };
  } catch (e) {
    return { code: e.code, message: e.message };
  }
}

// A context's number in the raw engine: the model's keys' values in order, one after another,
// with their lengths in bytes (-1: absent, the model's default then applies).
function rawContext(raw, keys, context) {
  let text = "";
  const lens = new Int32Array(keys.length);
  keys.forEach((k, i) => {
    const v = Object.hasOwn(context, k.key) ? context[k.key] : k.default;
    lens[i] = v === null || v === undefined ? -1 : Buffer.byteLength(v);
    if (lens[i] >= 0) text += v;
  });
  return raw.defineContext(text, lens) & 0x7fffffff;
}

// Every user and scope of the directory (and one of each it does not hold) with every
// permission of the model, under the default context and each context the file's cases give;
// counts the decisions of each kind compared in `seen`.
function compareAll(file, seen) {
  const e = makeEngine(Engine, file);
  const raw = rawEngine(file);
  const keys = e.describe().context;
  const contexts = [undefined, ...new Set((file.cases ?? []).filter((c) => c.context).map((c) => JSON.stringify(c.context)))].map((c) => (c === undefined ? [undefined, 0] : [JSON.parse(c), rawContext(raw, keys, JSON.parse(c))]));
  try {
    const general = e.exportDirectory();
    const users = new Set(["nobody@nowhere.test"]);
    for (const list of Object.values(general.members ?? {})) for (const u of list) users.add(u);
    for (const a of general.assignments ?? []) users.add(a.user);
    const scopes = [...general.scopes, "no/such/scope"];
    const perms = modelDoc(file).permissions.map((p) => p.id);
    for (const u of users) {
      for (const s of scopes) {
        for (const p of perms) {
          for (const [context, c] of contexts) {
            const got = outcome(() => e.explain(u, p, s, context));
            const want = outcome(() => raw.explain(u, p, s, c));
            assert.deepStrictEqual(got, want, `${file.name ?? "?"}: explain(${JSON.stringify([u, p, s, context])})`);
            count(seen, got);
          }
          const got = outcome(() => e.explain(u, p, s));
          // Asked again: the same error or an equal decision.
          assert.deepStrictEqual(outcome(() => e.explain(u, p, s)), got);
        }
      }
    }
  } finally {
    e.free();
    raw.free();
  }
}

function count(seen, got) {
  const d = got.decision;
  const kind = d === undefined ? got.code : d.allowed ? (d.grants.some((g) => g.default) ? "allowed by a default" : "allowed") : d.denial;
  seen.set(kind, (seen.get(kind) ?? 0) + 1);
}

test("explain in the package says what the engine says, word for word, for every question of the vectors", () => {
  const seen = new Map();
  for (const { name, file } of vectorFiles()) {
    if (file.directory === undefined) continue;
    compareAll({ ...file, name }, seen);
  }
  // Both answers worded in JavaScript are met, with paths through group defaults, as are the
  // ones the engine words.
  for (const kind of ["allowed", "allowed by a default", "no_grant", "unavailable", "prerequisite", "unknown_user", "unknown_scope", "level_mismatch"]) {
    assert.ok((seen.get(kind) ?? 0) > 0, `no ${kind} decision compared: ${JSON.stringify([...seen])}`);
  }
});

test("explain's words escape ids as the engine does", () => {
  const odd = ["o'neil@acme.test", 'say "hi"@acme.test', "\u202eevil@acme.test", "naïve@acme.test", "back\\slash@acme.test"];
  const directory = {
    companies: [{ id: "café", users: odd, subscriptions: [{ service: "automation", users: odd, projects: [{ id: "it's", environments: ["testing"] }, "plain"] }] }],
    assignments: [
      { user: odd[0], role: "subscription-owner", scope: "café/automation" },
      { user: odd[1], role: "project-owner", scope: "café/automation/it's" },
      { user: odd[2], role: "company-admin", scope: "café" },
      { user: odd[3], role: "project-contributor", scope: "café/automation/plain" },
      { user: odd[4], role: "environment-basic", scope: "café/automation/it's/testing" },
    ],
  };
  const seen = new Map();
  compareAll({ name: "escapes", directory }, seen);
  assert.ok(seen.get("allowed") > 0 && seen.get("no_grant") > 0, JSON.stringify([...seen]));
});

test("explain's kept sentence for a permission not available at a scope follows the directory's changes", () => {
  // project.security exists only in studio subscriptions: unavailable at every project below.
  const ask = (e, scope) => e.explain("ana@acme.test", "project.security", scope);
  const directory = {
    scopes: ["acme", "acme/automation", "acme/modeler", "acme/automation/claims"],
    members: { acme: ["ana@acme.test"] },
    assignments: [],
  };
  const e = Engine.bizagi(directory);
  try {
    const first = ask(e, "acme/automation/claims");
    assert.equal(first.denial, "unavailable");
    assert.match(first.reason, /'acme\/automation\/claims'/);
    // The project removed and another made: the scopes are numbered again, and the new project
    // may take the number of the one removed.
    e.apply([{ op: "removeScope", path: "acme/automation/claims" }, { op: "createScope", path: "acme/modeler/forms" }]);
    const fresh = Engine.bizagi(e.exportDirectory());
    try {
      assert.deepEqual(ask(e, "acme/modeler/forms"), ask(fresh, "acme/modeler/forms"));
      assert.match(ask(e, "acme/modeler/forms").reason, /'acme\/modeler\/forms'/);
      // A whole directory loaded in its place.
      e.loadDirectory({ scopes: ["acme", "acme/bi", "acme/automation", "acme/bi/sales"], members: { acme: ["ana@acme.test"] }, assignments: [] });
      assert.match(ask(e, "acme/bi/sales").reason, /'acme\/bi\/sales'/);
    } finally {
      fresh.free();
    }
  } finally {
    e.free();
  }
});

test("explain's words escape an id by what it is now, when a change gives its number to another", () => {
  // Whether an id shows as it is is kept per user and scope number while the directory stays as
  // it is: a directory loaded in its place gives the same numbers to other ids.
  const dir = (user, project) => ({
    companies: [{ id: "acme", users: [user], subscriptions: [{ service: "automation", users: [user], projects: [project] }] }],
    assignments: [{ user, role: "project-owner", scope: `acme/automation/${project}` }],
  });
  const ask = (e, user, project) => [e.explain(user, "project.read", `acme/automation/${project}`), e.explain(user, "subscription.read", "acme/automation")];
  const e = Engine.bizagi(dir("ana@acme.test", "claims"));
  const fresh = Engine.bizagi(dir("o'neil@acme.test", "it's"));
  try {
    const plain = ask(e, "ana@acme.test", "claims");
    assert.ok(plain[0].allowed && plain[1].denial === "no_grant", JSON.stringify(plain));
    assert.match(plain[0].reason, /^'ana@acme\.test' holds 'project\.read' at 'acme\/automation\/claims'/);
    e.loadDirectory(dir("o'neil@acme.test", "it's"));
    const odd = ask(e, "o'neil@acme.test", "it's");
    // The words of an engine that never saw the first directory: the quotes escaped.
    assert.deepEqual(odd, ask(fresh, "o'neil@acme.test", "it's"));
    assert.match(odd[0].reason, /^'o\\'neil@acme\.test' holds 'project\.read' at 'acme\/automation\/it\\'s' through project-owner at 'acme\/automation\/it\\'s'/);
    assert.match(odd[1].reason, /^no role of 'o\\'neil@acme\.test' grants/);
  } finally {
    e.free();
    fresh.free();
  }
});

test("explain answers about the directory as it is once the context is read, whatever the context's getters do", () => {
  // Reading a context object runs the caller's code: a getter that loads another directory
  // gives the users and scopes other numbers, and explain must ask with the new ones.
  const once = (act) => {
    let done = false;
    return {
      get launchedFrom() {
        if (!done) {
          done = true;
          act();
        }
        return "studio";
      },
    };
  };
  const ctx = { launchedFrom: "studio" };
  // The same users listed in another order: a false deny if the old numbers were kept.
  const d1 = { scopes: ["acme"], members: { acme: ["ana", "bo"] }, assignments: [{ user: "ana", role: "company-admin", scope: "acme" }] };
  const d2 = { ...d1, members: { acme: ["bo", "ana"] } };
  const e = Engine.bizagi(d1);
  try {
    e.explain("ana", "company.users.read", "acme"); // the ids known: the quick way next time
    const got = e.explain("ana", "company.users.read", "acme", once(() => e.loadDirectory(d2)));
    assert.equal(got.allowed, true, JSON.stringify(got));
    assert.deepEqual(got, e.explain("ana", "company.users.read", "acme", ctx));
  } finally {
    e.free();
  }
  // The scopes listed in another order: a false allow if the old numbers were kept.
  const dir = { scopes: ["acme", "acme/automation", "acme/modeler"], members: { acme: ["ana"], "acme/automation": ["ana"], "acme/modeler": ["ana"] }, assignments: [{ user: "ana", role: "subscription-owner", scope: "acme/modeler" }] };
  const f = Engine.bizagi(dir);
  try {
    f.explain("ana", "subscription.read", "acme/automation");
    const got = f.explain("ana", "subscription.read", "acme/automation", once(() => f.loadDirectory({ ...dir, scopes: ["acme", "acme/modeler", "acme/automation"] })));
    assert.equal(got.denial, "no_grant", JSON.stringify(got));
    assert.deepEqual(got, f.explain("ana", "subscription.read", "acme/automation", ctx));
  } finally {
    f.free();
  }
});
