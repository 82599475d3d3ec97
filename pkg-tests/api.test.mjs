// The package's JavaScript surface: errors, inputs as objects or text, views, round trips, and
// a long run of bad input that must leave the engine answering correctly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "rolecascade";
import { rng } from "./seeded.mjs";

const directory = {
  companies: [
    {
      id: "acme",
      users: ["ana@acme.test", "bo@acme.test", "cy@acme.test"],
      subscriptions: [
        { service: "automation", users: ["ana@acme.test", "bo@acme.test"], projects: [{ id: "claims", environments: ["testing", "production"] }] },
        { service: "studio", users: ["ana@acme.test", "cy@acme.test"], projects: [{ id: "portal", environments: ["development"] }] },
      ],
    },
  ],
  assignments: [
    { user: "ana@acme.test", role: "subscription-owner", scope: "acme/automation" },
    { user: "bo@acme.test", role: "project-contributor", scope: "acme/automation/claims" },
    { user: "cy@acme.test", role: "project-contributor", scope: "acme/studio/portal" },
  ],
};

const minimal = {
  levels: [{ id: "org" }, { id: "team", parent: "org" }],
  permissions: [{ id: "team.read", level: "team" }],
  roles: [{ id: "member", level: "team", grants: ["team.read"], inherits: [] }],
};

function throwsCode(fn, code, path) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected ${code} to be thrown`);
  assert.ok(caught instanceof Error, `a real Error, got ${caught}`);
  assert.equal(caught.code, code, caught.message);
  if (path !== undefined) assert.equal(caught.path, path);
  assert.equal(typeof caught.message, "string");
  return caught;
}

test("inputs as objects and as JSON text agree", () => {
  const a = Engine.bizagi(directory);
  const b = Engine.bizagi(JSON.stringify(directory));
  const c = Engine.fromModel(JSON.stringify(minimal), JSON.stringify({ scopes: ["acme", "acme/core"], members: { acme: ["ana"], "acme/core": ["ana"] }, assignments: [{ user: "ana", role: "member", scope: "acme/core" }] }));
  assert.deepEqual(a.exportDirectory(), b.exportDirectory());
  assert.equal(c.check("ana", "team.read", "acme/core"), true);
});

test("every error code is a real Error with a code (and a path for documents)", () => {
  const e = Engine.bizagi(directory);
  throwsCode(() => Engine.fromModel("{"), "invalid_json");
  throwsCode(() => Engine.fromModel({ ...minimal, roles: [{ ...minimal.roles[0], colour: "red" }] }), "invalid_model", "roles[0].colour");
  throwsCode(() => Engine.bizagi({ companies: 3 }), "invalid_directory", "companies");
  throwsCode(() => e.check("ana@acme.test", "project.read", "acme/automation/claims", { launchedFrom: 3 }), "invalid_context");
  throwsCode(() => e.assign("ana@acme.test", "no-such-role", "acme/automation"), "unknown_role");
  throwsCode(() => e.check("ana@acme.test", "no.such.permission", "acme/automation"), "unknown_permission");
  throwsCode(() => e.assign("ana@acme.test", "subscription-owner", "acme/nowhere"), "unknown_scope");
  throwsCode(() => e.check("ana@acme.test", "project.read", "acme/automation"), "level_mismatch");
  throwsCode(
    () => Engine.fromModel({ ...minimal, roles: [{ id: "a", level: "team", inherits: ["b"] }, { id: "b", level: "team", inherits: ["a"] }] }),
    "inheritance_cycle",
    "roles[1].inherits[0]",
  );
  throwsCode(() => e.assign("cy@acme.test", "project-contributor", "acme/automation/claims"), "not_a_member");
  throwsCode(() => e.assign("bo@acme.test", "project-owner", "acme/automation/claims", "bo@acme.test"), "not_allowed");
  throwsCode(() => Engine.fromModel({ ...minimal, permissions: Array.from({ length: 600 }, (_, i) => ({ id: `p${i}`, level: "team" })) }), "limit_exceeded");
  throwsCode(() => e.check(42, "project.read", "acme/automation/claims"), "invalid_argument");
  throwsCode(() => Engine.fromModel({ ...minimal, roles: [{ id: "m", level: "team", grants: ["team.write"] }] }), "unknown_permission", "roles[0].grants[0]");
  throwsCode(() => Engine.fromModel({ ...minimal, roles: [{ id: "m", level: "team", inherits: ["x"] }] }), "unknown_role", "roles[0].inherits[0]");
});

test("unknown users and scopes deny; explain says why", () => {
  const e = Engine.bizagi(directory);
  assert.equal(e.check("nobody@acme.test", "project.read", "acme/automation/claims"), false);
  assert.equal(e.check("ana@acme.test", "project.read", "acme/automation/nowhere"), false);
  assert.deepEqual(e.permissions("nobody@acme.test", "acme/automation/claims"), []);
  assert.deepEqual(e.permissions("ana@acme.test", "acme/nowhere"), []);
  assert.equal(e.explain("nobody@acme.test", "project.read", "acme/automation/claims").denial, "unknown_user");
  assert.equal(e.explain("ana@acme.test", "project.read", "acme/automation/nowhere").denial, "unknown_scope");
});

test("view() answers in JS and agrees with check()", () => {
  const e = Engine.bizagi(directory);
  for (const user of ["ana@acme.test", "bo@acme.test", "cy@acme.test"]) {
    for (const scope of ["acme/automation/claims", "acme/studio/portal", "acme/automation/claims/testing"]) {
      const v = e.view(user, scope);
      for (const p of e.roles().flatMap((r) => r.grants)) {
        let expected;
        try {
          expected = e.check(user, p, scope);
        } catch (err) {
          assert.equal(err.code, "level_mismatch");
          throwsCode(() => v.has(p), "level_mismatch");
          continue;
        }
        assert.equal(v.has(p), expected, `${user} ${p} ${scope}`);
      }
      throwsCode(() => v.has("no.such"), "unknown_permission");
    }
  }
});

test("the hot path and the full path agree after ids are interned", () => {
  const e = Engine.bizagi(directory);
  for (let i = 0; i < 3; i++) {
    assert.equal(e.check("ana@acme.test", "project.delete", "acme/automation/claims"), true);
    assert.equal(e.check("bo@acme.test", "project.delete", "acme/automation/claims"), false);
    throwsCode(() => e.check("bo@acme.test", "project.delete", "acme/automation"), "level_mismatch");
  }
  e.assign("bo@acme.test", "project-owner", "acme/automation/claims");
  assert.equal(e.check("bo@acme.test", "project.delete", "acme/automation/claims"), true);
  assert.equal(e.revoke("bo@acme.test", "project-owner", "acme/automation/claims"), true);
  assert.equal(e.check("bo@acme.test", "project.delete", "acme/automation/claims"), false);
});

test("createScope adds a scope the hot path then sees", () => {
  const e = Engine.bizagi(directory);
  assert.equal(e.check("ana@acme.test", "project.delete", "acme/automation/new"), false);
  throwsCode(() => e.createScope("bo@acme.test", "acme/automation/new"), "not_allowed");
  e.createScope("ana@acme.test", "acme/automation/new");
  assert.equal(e.check("ana@acme.test", "project.delete", "acme/automation/new"), true);
  assert.deepEqual(e.explain("ana@acme.test", "project.delete", "acme/automation/new").grants.map((g) => g.scope).sort(), ["acme/automation", "acme/automation/new"]);
});

test("removeScope may renumber scopes (removed ones dropped): scopes asked about before still answer right", () => {
  const e = Engine.bizagi(directory);
  const ana = "ana@acme.test";
  // Created among removed projects: its number changes when they are dropped (after 1,024).
  for (let i = 0; i < 2100; i++) {
    e.createScope(ana, `acme/automation/p${i}`);
    if (i === 5) e.createScope(ana, "acme/automation/late");
    if (i >= 5) assert.equal(e.check(ana, "project.delete", "acme/automation/late"), true);
    assert.equal(e.check("bo@acme.test", "project.read", "acme/automation/claims"), true);
    e.removeScope(ana, `acme/automation/p${i}`);
    assert.equal(e.check(ana, "project.delete", `acme/automation/p${i}`), false);
  }
  assert.equal(e.check(ana, "project.delete", "acme/automation/late"), true);
  assert.equal(e.check("bo@acme.test", "project.read", "acme/automation/late"), false);
  assert.deepEqual(e.view(ana, "acme/automation/late").list(), e.permissions(ana, "acme/automation/late"));
  assert.ok(e.view(ana, "acme/automation/late").has("project.delete"));
  assert.deepEqual(e.whoCan("project.delete", "acme/automation/late"), [ana]);
  assert.deepEqual(e.exportDirectory().scopes.filter((s) => s.startsWith("acme/automation/")).sort(), [
    "acme/automation/claims", "acme/automation/claims/production", "acme/automation/claims/testing", "acme/automation/late",
  ]);
});

test("a listener told of a change that renumbered scopes is answered afresh, not from the old numbers", () => {
  const e = Engine.bizagi(directory);
  const ana = "ana@acme.test";
  const n = 1024; // removed at once: the directory is compacted, the scopes after them renumbered
  const projects = Array.from({ length: n }, (_, i) => `acme/automation/p${i}`);
  for (const p of projects) e.createScope(ana, p);
  e.createScope(ana, "acme/automation/zz");
  e.assign("bo@acme.test", "project-contributor", "acme/automation/zz");
  // Asked before: these numbers are kept by the engine.
  assert.equal(e.check("bo@acme.test", "project.read", projects[0]), false);
  assert.equal(e.check("bo@acme.test", "project.read", projects[n - 1]), false);
  const heard = [];
  const stop = e.subscribe(() => heard.push(projects.map((p) => e.check("bo@acme.test", "project.read", p)).filter(Boolean).length, e.check("bo@acme.test", "project.read", "acme/automation/zz")));
  e.apply(projects.map((path) => ({ op: "removeScope", path })), ana);
  assert.deepEqual(heard, [0, true], "during the change's notification");
  assert.equal(e.check("bo@acme.test", "project.read", projects[0]), false);
  stop();
});

test("exportDirectory round-trips", () => {
  const e = Engine.bizagi(directory);
  e.assign("cy@acme.test", "developer", "acme/studio");
  const exported = e.exportDirectory();
  const again = Engine.bizagi(exported);
  assert.deepEqual(again.exportDirectory(), exported);
  assert.equal(again.check("cy@acme.test", "studio.configuration", "acme/studio/portal"), false);
  assert.equal(again.check("cy@acme.test", "studio.processes", "acme/studio/portal"), true);
});

test("ids that look like object keys are plain ids", () => {
  const e = Engine.fromModel(minimal, {
    scopes: ["__proto__", "__proto__/constructor"],
    // A computed key: a literal `__proto__:` would set the prototype instead.
    members: { ["__proto__"]: ["constructor"], "__proto__/constructor": ["constructor"] },
    assignments: [{ user: "constructor", role: "member", scope: "__proto__/constructor" }],
  });
  assert.equal(e.check("constructor", "team.read", "__proto__/constructor"), true);
  assert.deepEqual(e.whoCan("team.read", "__proto__/constructor"), ["constructor"]);
  assert.deepEqual(Object.keys(e.exportDirectory().members).sort(), ["__proto__", "__proto__/constructor"]);
});


test("10,000 bad inputs, then a correct answer", () => {
  const e = Engine.bizagi(directory);
  const r = rng(20261124);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const junk = () =>
    pick([
      "",
      "{",
      "}",
      "[]",
      "null",
      "\u0000",
      "../..",
      "acme//x",
      "a".repeat(5000),
      "acme/automation/claims/production/extra/deeper/still/more/levels",
      "\ud800",
      "__proto__",
      "constructor",
      JSON.stringify({ companies: [{ id: 5 }] }),
      JSON.stringify({ levels: [{ id: "x", parent: "x" }], permissions: [], roles: [] }),
      JSON.stringify({ scopes: ["a/b"] }),
      String(Math.floor(r() * 1e9)),
      Array.from({ length: 1 + Math.floor(r() * 40) }, () => String.fromCharCode(Math.floor(r() * 0x3000))).join(""),
      "[".repeat(200) + "]".repeat(200),
    ]);
  const value = () => pick([junk(), junk(), undefined, null, 42, {}, [], { launchedFrom: 1 }, { a: "b" }]);
  const calls = [
    () => e.check(junk(), junk(), junk()),
    () => e.check("ana@acme.test", "project.read", junk(), value()),
    () => e.explain(junk(), "portal.support", junk(), value()),
    () => e.permissions(junk(), junk(), value()),
    () => e.view(junk(), junk()).has(junk()),
    () => e.whoCan(junk(), junk()),
    () => e.portals(junk(), value()),
    () => e.canAssign(junk(), pick(["project-owner", junk()]), junk(), junk()),
    () => e.assign(junk(), pick(["project-owner", "developer", junk()]), pick(["acme/automation/claims", junk()])),
    () => e.revoke(junk(), junk(), junk()),
    () => e.createScope(junk(), junk()),
    () => Engine.bizagi().loadDirectory(value()),
    () => Engine.fromModel(value(), value()),
    () => Engine.bizagi(value()),
  ];
  let thrown = 0;
  for (let i = 0; i < 10000; i++) {
    try {
      pick(calls)();
    } catch (err) {
      thrown++;
      assert.ok(err instanceof Error, `call ${i} threw a non-Error: ${err}`);
      assert.equal(typeof err.code, "string", `call ${i}: ${err.stack}`);
    }
  }
  assert.ok(thrown > 1000, `only ${thrown} of 10,000 bad calls were refused`);
  assert.equal(e.check("ana@acme.test", "project.delete", "acme/automation/claims"), true);
  assert.equal(e.check("bo@acme.test", "project.delete", "acme/automation/claims"), false);
  assert.deepEqual(e.whoCan("project.edit", "acme/automation/claims"), ["ana@acme.test", "bo@acme.test"]);
});

test("matrix() cells, get() and m[role][permission] agree", () => {
  const m = Engine.bizagi().matrix();
  assert.equal(m.get("company-admin", "company.users.read"), "direct");
  assert.equal(m["company-admin"]["mc.track"], "inherited");
  assert.equal(m["environment-basic"]["company.users.read"], null);
  const i = m.roles.indexOf("company-admin");
  const j = m.permissions.indexOf("mc.track");
  assert.equal(m.cells[i][j], "inherited");
  assert.equal(m.from[i][j], "environment-basic");
  assert.deepEqual(Object.keys(m).sort(), ["cells", "from", "permissions", "roles"]);
});

test("wasm memory stays flat over many calls, errors included (nothing leaks)", async () => {
  // The glue module the package loaded (node_modules/rolecascade is pkg/, resolved to one real
  // path): initSync on an initialised module hands back its exports, memory among them.
  const { readFileSync } = await import("node:fs");
  const glue = await import("../pkg/web/rolecascade_runtime.js");
  const { memory } = glue.initSync({ module: readFileSync(new URL("../pkg/web/rolecascade_runtime_bg.wasm", import.meta.url)) });
  const e = Engine.bizagi(directory);
  const token = [{ role: "subscription-owner", scope: "acme/automation" }];
  const round = () => {
    for (let i = 0; i < 2000; i++) {
      e.check("ana@acme.test", "project.delete", "acme/automation/claims");
      e.explain("bo@acme.test", "project.delete", "acme/automation/claims");
      e.permissions("ana@acme.test", "acme/automation/claims/production");
      e.view("cy@acme.test", "acme/studio/portal").list();
      e.whoCan("project.edit", "acme/automation/claims");
      e.checkAssignments("ana@acme.test", token, "mc.security", "acme/automation/claims/production");
      e.canAssign("ana@acme.test", "project-owner", "acme/automation/claims", "bo@acme.test");
      assert.equal(e.assign("bo@acme.test", "project-owner", "acme/automation/claims"), undefined);
      assert.equal(e.revoke("bo@acme.test", "project-owner", "acme/automation/claims"), true);
      assert.throws(() => e.check("ana@acme.test", "no.such", "acme"), { code: "unknown_permission" });
      assert.throws(() => Engine.fromModel(`{"levels": [${i}`), { code: "invalid_json" });
    }
  };
  round(); // warm-up: caches and the allocator's first growth
  const before = memory.buffer.byteLength;
  for (let r = 0; r < 3; r++) round();
  assert.equal(memory.buffer.byteLength, before, "wasm memory grew while the same calls repeated");
});

test("describe() gives a UI the model's own labels, groups and context", () => {
  const e = Engine.fromModel(minimal);
  assert.deepEqual(e.describe(), {
    name: "model",
    levels: [
      { id: "org", label: "org", parent: null, scoped: true, depth: 0, attributes: [], membership: null },
      { id: "team", label: "team", parent: "org", scoped: true, depth: 1, attributes: [], membership: null },
    ],
    permissions: [{ id: "team.read", label: "team.read", level: "team", portal: false, requires: [] }],
    context: [],
    groups: [],
  });
  const d = Engine.bizagi().describe();
  assert.deepEqual(d.groups.map((g) => [g.id, g.label, g.default]), [["developer-profile", "Developer profile", "full-access-developer"]]);
  assert.deepEqual(d.levels.map((l) => l.membership), ["company", "company", "subscription", "subscription", "subscription"]);
  const portals = d.permissions.filter((p) => p.portal).map((p) => p.id);
  assert.ok(portals.includes("portal.customer-portal") && !portals.includes("mc.track"));
  assert.deepEqual(
    d.context.map((c) => [c.key, c.values, c.version]).sort(),
    [["customerPortalVersion", ["2.0.1"], true], ["launchedFrom", ["studio"], false]],
  );
});
