// The routes file: every mistake is refused with a message naming the route, and an invalid
// file fails `make edge` (edge/build.mjs) before anything is bundled.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileRoutes, matchRoute } from "../src/routes.mjs";
import { checkRoutes } from "../build.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const ok = { method: "GET", path: "/api/:company/:service/:project", permission: "project.read", scope: ":company/:service/:project" };
const doc = (...routes) => ({ routes });

test("the shipped routes.json is valid and its defaults match", () => {
  const routes = checkRoutes(JSON.parse(readFileSync(join(here, "..", "routes.json"), "utf8")));
  assert.deepEqual(matchRoute(routes, "GET", "/api/acme/automation/claims/production/mc/track"), {
    route: routes.find((r) => r.path === "/api/:company/:service/:project/:environment/mc/:module"),
    permission: "mc.track",
    scope: "acme/automation/claims/production",
  });
  const del = matchRoute(routes, "DELETE", "/api/acme/automation/claims");
  assert.deepEqual([del.permission, del.scope], ["project.delete", "acme/automation/claims"]);
  assert.equal(matchRoute(routes, "GET", "/nowhere"), null);
});

test("every shape mistake is refused, naming the route", () => {
  const cases = [
    [{}, /expected \{ "routes"/],
    [doc("x"), /routes\[0\]: expected an object/],
    [doc(ok, { ...ok, colour: "red" }), /routes\[1\]: unknown field 'colour'/],
    [doc({ ...ok, permission: "" }), /routes\[0\]\.permission: expected a non-empty string/],
    [doc({ ...ok, method: "FETCH" }), /routes\[0\]\.method: 'FETCH' is not an HTTP method/],
    [doc({ ...ok, path: "api/:company" }), /routes\[0\]\.path: must start with '\/'/],
    [doc({ ...ok, path: "/api//:company" }), /routes\[0\]\.path: empty segment/],
    [doc({ ...ok, path: "/api/:company/:company", scope: ":company" }), /parameter ':company' appears twice/],
    [doc({ ...ok, path: "/api/:1st" }), /':1st' is not a valid parameter name/],
    [doc({ ...ok, scope: ":company/:service/:repo" }), /routes\[0\]\.scope: ':repo' is not a parameter/],
  ];
  for (const [d, message] of cases) assert.throws(() => compileRoutes(d), message, JSON.stringify(d));
});

test("permissions are checked against the model: unknown ids and levels refused", () => {
  assert.throws(() => checkRoutes(doc(ok, { ...ok, permission: "project.fly" })), /routes\[1\] \(GET \/api\/:company\/:service\/:project\): unknown permission 'project.fly'/);
  assert.throws(() => checkRoutes(doc({ ...ok, permission: "mc.track" })), /routes\[0\].*mc\.track/);
  assert.equal(checkRoutes(doc(ok)).length, 1);
});

test("an invalid routes file fails the build with a clear message, before bundling", () => {
  const dir = mkdtempSync(join(tmpdir(), "routes-"));
  const bad = join(dir, "routes.json");
  writeFileSync(bad, JSON.stringify(doc(ok, { ...ok, method: "FETCH" })));
  const dist = join(here, "..", "dist", "worker.js");
  const before = existsSync(dist) ? statSync(dist).mtimeMs : null;
  const r = spawnSync(process.execPath, [join(here, "..", "build.mjs"), bad], { encoding: "utf8" });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^edge build: routes\[1\]\.method: 'FETCH' is not an HTTP method/);
  writeFileSync(bad, "{ not json");
  const r2 = spawnSync(process.execPath, [join(here, "..", "build.mjs"), bad], { encoding: "utf8" });
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /^edge build: .*routes\.json: /);
  // The built worker was left as it was.
  assert.equal(existsSync(dist) ? statSync(dist).mtimeMs : null, before);
});
