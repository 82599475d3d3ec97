// Engine.diff (issue 16): what changes between two models, over a directory (checked against the
// engines' own answers, one question at a time) or per role and level; models as documents, text,
// engines or null for the default; errors with codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Engine } from "rolecascade";

const model = JSON.parse(readFileSync(new URL("../models/bizagi.json", import.meta.url), "utf8"));
const sample = JSON.parse(readFileSync(new URL("../www/samples/bizagi.json", import.meta.url), "utf8"));
const saas = JSON.parse(readFileSync(new URL("../models/saas.json", import.meta.url), "utf8"));
const saasSample = JSON.parse(readFileSync(new URL("../www/samples/saas.json", import.meta.url), "utf8"));

function edited(m, f) {
  const copy = structuredClone(m);
  f(copy);
  return copy;
}

const role = (m, id) => m.roles.find((r) => r.id === id);

/** Every user asked every permission at every scope, under each model: what the diff must say. */
function expected(before, after, directory, context) {
  const eb = before === null ? Engine.bizagi(directory) : Engine.fromModel(before, directory);
  const ea = Engine.fromModel(after, directory);
  const dir = eb.exportDirectory();
  const users = [...new Set([...Object.values(dir.members).flat(), ...dir.assignments.map((a) => a.user)])];
  const perms = [...new Set([...eb.describe().permissions, ...ea.describe().permissions].map((p) => p.id))];
  const ask = (e, u, p, s) => {
    try {
      return e.check(u, p, s, context) ? 1 : 0;
    } catch {
      return -1; // not askable there (or no such permission)
    }
  };
  const gained = [];
  const lost = [];
  let unchanged = 0;
  for (const s of dir.scopes) {
    for (const p of perms) {
      if (ask(eb, "", p, s) < 0 && ask(ea, "", p, s) < 0) continue;
      for (const u of users) {
        const [b, a] = [ask(eb, u, p, s) === 1, ask(ea, u, p, s) === 1];
        if (!b && a) gained.push(`${u} ${p} ${s}`);
        else if (b && !a) lost.push(`${u} ${p} ${s}`);
        else unchanged++;
      }
    }
  }
  eb.free();
  ea.free();
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return { gained: gained.sort(order), lost: lost.sort(order), unchanged };
}

function agrees(d, want) {
  const key = (x) => `${x.user} ${x.permission} ${x.scope}`;
  assert.deepEqual(d.gained.map(key).sort(), want.gained);
  assert.deepEqual(d.lost.map(key).sort(), want.lost);
  assert.equal(d.unchanged, want.unchanged);
}

test("the same model changes nothing", () => {
  const d = Engine.diff(null, model, sample);
  assert.deepEqual({ gained: d.gained, lost: d.lost, ignored: d.ignored }, { gained: [], lost: [], ignored: [] });
  agrees(d, expected(null, model, sample));
  const r = Engine.diff(model, JSON.stringify(model));
  assert.deepEqual([r.gained, r.lost, r.conditions], [[], [], []]);
  assert.ok(r.unchanged > 0);
});

test("removing a grant: who loses it where, through which roles", () => {
  const after = edited(model, (m) => (role(m, "project-owner").grants = role(m, "project-owner").grants.filter((g) => g !== "project.delete")));
  const d = Engine.diff(null, after, sample);
  agrees(d, expected(null, after, sample));
  assert.equal(d.gained.length, 0);
  const ana = d.lost.find((l) => l.user === "ana@acme.test" && l.scope === "acme/automation/claims");
  assert.deepEqual(ana, {
    user: "ana@acme.test",
    permission: "project.delete",
    scope: "acme/automation/claims",
    was: [{ role: "company-admin", scope: "acme", via: ["company-admin", "subscription-owner", "project-owner"] }],
  });
  // A plain object, as JSON would give.
  assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
  // Without a directory: per role and level.
  const r = Engine.diff(null, after);
  assert.deepEqual(
    r.lost.map((l) => [l.role, l.level, l.permission]),
    [
      ["company-admin", "project", "project.delete"],
      ["project-owner", "project", "project.delete"],
      ["subscription-owner", "project", "project.delete"],
    ],
  );
  assert.deepEqual(r.lost[2].was, [["subscription-owner", "project-owner"]]);
});

test("adding an inheritance and loosening a condition: gains, with the paths that make them", () => {
  const after = edited(model, (m) => {
    role(m, "project-contributor").inherits = ["environment-basic"];
    m.permissions.find((p) => p.id === "portal.studio").when = { attr: "service", in: ["studio", "automation"] };
  });
  for (const context of [undefined, { launchedFrom: "studio" }, '{"customerPortalVersion": "1.0"}']) {
    const d = Engine.diff(null, after, sample, context);
    agrees(d, expected(null, after, sample, context));
    assert.equal(d.lost.length, 0);
  }
  const d = Engine.diff(Engine.bizagi(), after, JSON.stringify(sample));
  const track = d.gained.find((g) => g.user === "elena@acme.test" && g.permission === "mc.track");
  assert.deepEqual(track.via, [{ role: "project-contributor", scope: "acme/automation/claims", via: ["project-contributor", "environment-basic"] }]);
  const r = Engine.diff(null, after);
  assert.deepEqual(r.conditions, [{ kind: "permission", id: "portal.studio", before: "service = studio", after: "service in [studio, automation]" }]);
});

test("models as engines, text and documents give the same answer", () => {
  const after = edited(model, (m) => (m.groups[0].default = "developer"));
  const e = Engine.fromModel(after, sample);
  const a = Engine.diff(Engine.bizagi(), e, sample);
  const b = Engine.diff(JSON.stringify(model), JSON.stringify(after), sample);
  assert.deepEqual(a, b);
  assert.ok(a.lost.length > 0 && a.lost.every((l) => l.was.every((p) => p.default === true)));
  agrees(a, expected(null, after, sample));
  e.free();
});

test("a removed role: its assignments are ignored on the after side, their grants lost", () => {
  const after = edited(model, (m) => {
    m.roles = m.roles.filter((r) => r.id !== "environment-technical");
    role(m, "environment-admin").inherits = [];
  });
  const d = Engine.diff(null, after, sample);
  assert.deepEqual(d.ignored, [{ user: "hiro@acme.test", role: "environment-technical", scope: "acme/automation/claims/production", model: "after" }]);
  assert.ok(d.lost.some((l) => l.user === "hiro@acme.test" && l.permission === "mc.connect"));
});

test("another model of the examples", () => {
  const after = edited(saas, (m) => (m.roles[0].grants = m.roles[0].grants.slice(1)));
  agrees(Engine.diff(saas, after, saasSample), expected(saas, after, saasSample));
});

test("errors have codes, and say which model", () => {
  const throws = (fn, code, check) => {
    let caught;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof Error, "a real Error");
    assert.equal(caught.code, code, caught.message);
    check?.(caught);
  };
  throws(() => Engine.diff(null, "{"), "invalid_json", (e) => assert.match(e.message, /^the after model: /));
  const cyclic = edited(model, (m) => (role(m, "environment-basic").inherits = ["environment-owner"]));
  throws(() => Engine.diff(cyclic, null), "inheritance_cycle", (e) => {
    assert.match(e.message, /^the before model: /);
    assert.match(e.path, /^roles\[\d+\]\.inherits\[0\]$/);
  });
  throws(() => Engine.diff(null, null, { scopes: ["acme"], assignments: [{ user: "a", role: "nobody", scope: "acme" }] }), "unknown_role", (e) =>
    assert.equal(e.path, "assignments[0]"),
  );
  throws(() => Engine.diff(null, null, 42), "invalid_directory");
  throws(() => Engine.diff(null, null, sample, 7), "invalid_context");
  throws(() => Engine.diff(null, null, sample, '{"launchedFrom": 1}'), "invalid_context");
  throws(() => Engine.diff(null, null, "{\"scopes\": [\"\ud800\"]}"), "invalid_argument");
});
