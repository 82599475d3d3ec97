// A small app over the package, bundled by the bundler tests for browsers and for Node: it
// answers from the runtime, then loads the authoring module and explains, assigns and compiles a
// model. `answers(rolecascade)` returns what it saw; the tests compare it with `expected`.
const directory = {
  companies: [{ id: "acme", users: ["ana@acme.test", "bo@acme.test"], subscriptions: [{ service: "automation", users: ["ana@acme.test", "bo@acme.test"], projects: [{ id: "claims", environments: ["production"] }] }] }],
  assignments: [{ user: "ana@acme.test", role: "subscription-owner", scope: "acme/automation" }],
};
const minimal = {
  levels: [{ id: "org" }, { id: "team", parent: "org" }],
  permissions: [{ id: "team.read", level: "team" }],
  roles: [{ id: "member", level: "team", grants: ["team.read"], inherits: [] }],
};
const env = "acme/automation/claims/production";

export async function answers({ Engine, RolecascadeError, loadAuthoring }) {
  const engine = Engine.bizagi(directory);
  const out = {
    check: engine.check("ana@acme.test", "mc.security", env),
    denied: engine.check("bo@acme.test", "mc.security", env),
    view: engine.view("ana@acme.test", env).has("mc.track"),
  };
  try {
    engine.check("ana@acme.test", "mc.trak", env);
  } catch (e) {
    out.error = `${e.code} ${e instanceof RolecascadeError}`;
  }
  await loadAuthoring();
  out.explain = engine.explain("ana@acme.test", "mc.security", env).grants[0].via.join(">");
  engine.assign("bo@acme.test", "project-owner", "acme/automation/claims");
  out.assigned = engine.check("bo@acme.test", "project.delete", "acme/automation/claims");
  out.version = engine.version;
  out.fromModel = Engine.fromModel(minimal, { scopes: ["o", "o/t"], assignments: [{ user: "u", role: "member", scope: "o/t" }] }).check("u", "team.read", "o/t");
  try {
    engine.assign("bo@acme.test", "no-such-role", "acme/automation");
  } catch (e) {
    out.wasmError = `${e.code} ${e instanceof RolecascadeError}`;
  }
  return out;
}

export const expected = {
  check: true,
  denied: false,
  view: true,
  error: "unknown_permission true",
  explain: "subscription-owner>project-owner>environment-owner>environment-admin",
  assigned: true,
  version: 1,
  fromModel: true,
  wasmError: "unknown_role true",
};
