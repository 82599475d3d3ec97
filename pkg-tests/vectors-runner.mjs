// Runs the engine-neutral decision vectors (tests/vectors/*.json) against the built package, so
// the npm package answers exactly as the Rust engine does. Used by the ESM and CJS suites.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, dirname } from "node:path";
import assert from "node:assert/strict";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vectorsDir = join(root, "tests", "vectors");

export function vectorFiles() {
  return readdirSync(vectorsDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((name) => ({ name, file: JSON.parse(readFileSync(join(vectorsDir, name), "utf8")) }));
}

export function modelText(name) {
  return readFileSync(join(root, "models", `${name}.json`), "utf8");
}

export function makeEngine(Engine, file) {
  if (file.model === undefined || file.model === "bizagi") return Engine.bizagi(file.directory);
  const model = typeof file.model === "string" ? modelText(file.model) : file.model;
  return Engine.fromModel(model, file.directory);
}

function key(g) {
  return `${JSON.stringify(g.role)}@${JSON.stringify(g.scope)}:${JSON.stringify(g.via)}`;
}

function compareDecision(got, want, where) {
  assert.equal(got.allowed, want.allowed, `${where}: allowed (${got.reason})`);
  assert.equal(typeof got.reason, "string", `${where}: reason`);
  assert.ok(Array.isArray(got.grants), `${where}: grants`);
  if (want.denial !== undefined) assert.equal(got.denial, want.denial, `${where}: denial (${got.reason})`);
  if (want.reasonContains !== undefined) assert.ok(got.reason.includes(want.reasonContains), `${where}: reason ${got.reason}`);
  if (want.grants !== undefined) assert.deepEqual(got.grants.map(key).sort(), want.grants.map(key).sort(), `${where}: grants`);
}

function run(Engine, e, file, c) {
  const ctx = c.context;
  switch (c.op) {
    case "check":
      return e.check(c.user, c.permission, c.scope, ctx);
    case "explain":
      return e.explain(c.user, c.permission, c.scope, ctx);
    case "permissions": {
      const list = e.permissions(c.user, c.scope, ctx);
      const view = e.view(c.user, c.scope, ctx);
      assert.deepEqual(view.list(), list, "view().list() agrees with permissions()");
      for (const p of list) assert.equal(view.has(p), true, `view().has(${p})`);
      return list;
    }
    case "whoCan":
      return e.whoCan(c.permission, c.scope, ctx);
    case "portals":
      return e.portals(c.user, ctx);
    case "canAssign":
      return e.canAssign(c.actor, c.role, c.scope, c.target, ctx);
    case "assign":
      e.assign(c.user, c.role, c.scope, c.actor);
      return undefined; // the JS API returns nothing
    case "revoke":
      return e.revoke(c.user, c.role, c.scope, c.actor);
    case "createScope":
      e.createScope(c.actor, c.scope);
      return null;
    case "addMember":
      return e.addMember(c.scope, c.user, c.actor);
    case "removeMember":
      return e.removeMember(c.scope, c.user, c.actor);
    case "removeScope":
      e.removeScope(c.actor, c.scope);
      return null;
    case "label":
      return e.roleLabel(c.role, c.scope);
    case "matrix": {
      const m = e.matrix();
      const i = m.roles.indexOf(c.role);
      const j = m.permissions.indexOf(c.permission);
      assert.equal(m.get(c.role, c.permission), m.cells[i][j]);
      return { cell: m.cells[i][j], from: m.from[i][j] };
    }
    case "roundtrip": {
      const exported = e.exportDirectory();
      const again = makeEngine(Engine, { ...file, directory: exported });
      return JSON.stringify(again.exportDirectory()) === JSON.stringify(exported);
    }
    case "apply":
      return e.apply(c.changes, c.actor);
    case "loadDirectory":
      e.loadDirectory(c.directory);
      return null;
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

/**
 * Runs one file's cases in order; returns the number of cases run. An engine starts on the
 * runtime module and moves to the authoring module at its first call that needs it; with
 * `authoring`, it is moved there before the first case, so every case runs on each module.
 */
export function runFile(Engine, name, file, { authoring = false } = {}) {
  let e;
  try {
    e = makeEngine(Engine, file);
    if (authoring) e.exportSnapshot();
  } catch (err) {
    if (file.loadError === undefined) throw err;
    assert.ok(err instanceof Error, `${name}: a real Error`);
    assert.equal(err.code, file.loadError, `${name}: load error code (${err.message})`);
    if (file.loadErrorPath !== undefined) assert.equal(err.path, file.loadErrorPath, `${name}: load error path`);
    return 0;
  }
  assert.equal(file.loadError, undefined, `${name}: expected the load to fail`);
  file.cases.forEach((c, i) => {
    const where = `${name} case ${i} ${JSON.stringify(c)}`;
    let got;
    try {
      got = run(Engine, e, file, c);
    } catch (err) {
      if (c.error === undefined || !(err instanceof Error) || err.code === undefined) throw new Error(`${where}: ${err && err.stack}`);
      assert.equal(err.code, c.error, `${where}: error code (${err.message})`);
      if (c.path !== undefined) assert.equal(err.path, c.path, `${where}: error path`);
      return;
    }
    assert.equal(c.error, undefined, `${where}: expected error ${c.error}, got ${JSON.stringify(got)}`);
    if (c.expect === undefined || got === undefined) return;
    if (c.op === "explain" || c.op === "canAssign") compareDecision(got, c.expect, where);
    else assert.deepEqual(got, c.expect, where);
  });
  return file.cases.length;
}
