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

test("a literal segment wins over a parameter, wherever the routes stand in the file", () => {
  const shipped = JSON.parse(readFileSync(join(here, "..", "routes.json"), "utf8"));
  // The example: a project named `users` must not turn the users list into project.read.
  const users = matchRoute(checkRoutes(shipped), "GET", "/api/acme/automation/users");
  assert.deepEqual([users.permission, users.scope], ["subscription.users.read", "acme/automation"]);
  assert.equal(matchRoute(checkRoutes(shipped), "HEAD", "/api/acme/automation/users").permission, "subscription.users.read");
  // Any other project name is still a project.
  const project = matchRoute(checkRoutes(shipped), "GET", "/api/acme/automation/claims");
  assert.deepEqual([project.permission, project.scope], ["project.read", "acme/automation/claims"]);
  // Reversed and rotated files give the same answers.
  for (const order of [[...shipped.routes].reverse(), [...shipped.routes.slice(5), ...shipped.routes.slice(0, 5)]]) {
    const routes = compileRoutes({ routes: order });
    assert.equal(matchRoute(routes, "GET", "/api/acme/automation/users").permission, "subscription.users.read");
    assert.equal(matchRoute(routes, "GET", "/api/acme/users").permission, "company.users.read");
    assert.equal(matchRoute(routes, "GET", "/api/acme/automation/claims").permission, "project.read");
  }
  // Segment by segment from the left: the first position where one has a literal decides.
  const a = { method: "GET", path: "/x/:p/c", permission: "project.read", scope: ":p" };
  const b = { method: "GET", path: "/:q/b/c", permission: "project.edit", scope: ":q" };
  for (const d of [doc(a, b), doc(b, a)]) {
    const routes = compileRoutes(d);
    assert.equal(matchRoute(routes, "GET", "/x/b/c").permission, "project.read");
    assert.equal(matchRoute(routes, "GET", "/y/b/c").permission, "project.edit");
    assert.equal(matchRoute(routes, "GET", "/x/z/c").permission, "project.read");
  }
  // A method with no literal route falls to its own parameter route, never to another method's.
  const post = { method: "POST", path: "/api/:company/:service/users", permission: "subscription.users.manage", scope: ":company/:service" };
  const routes = compileRoutes(doc(ok, post));
  assert.equal(matchRoute(routes, "GET", "/api/acme/automation/users").permission, "project.read");
  assert.equal(matchRoute(routes, "POST", "/api/acme/automation/users").permission, "subscription.users.manage");
});

test("literals are compared with the percent-decoded segment", () => {
  const routes = checkRoutes(JSON.parse(readFileSync(join(here, "..", "routes.json"), "utf8")));
  // `user%73` is `users` once decoded, as the origin will read it: not a project named `users`.
  const m = matchRoute(routes, "GET", "/api/acme/automation/user%73");
  assert.deepEqual([m.permission, m.scope], ["subscription.users.read", "acme/automation"]);
  assert.throws(() => matchRoute(routes, "GET", "/api/acme/automation/%E0%A4"), (e) => e.status === 400 && /not valid percent-encoding/.test(e.message));
  // A literal other than ASCII is written as is and matches its encoded form.
  const cafe = compileRoutes(doc({ method: "GET", path: "/caf\u00e9/:company", permission: "company.users.read", scope: ":company" }));
  assert.equal(matchRoute(cafe, "GET", "/caf%C3%A9/acme").scope, "acme");
});

test("two routes that can match one request equally are refused, naming both", () => {
  const cases = [
    // the same pattern under other parameter names
    [doc(ok, { ...ok, path: "/api/:a/:b/:c", scope: ":a/:b/:c" }), /routes\[0\] \(GET \/api\/:company\/:service\/:project\) and routes\[1\] \(GET \/api\/:a\/:b\/:c\) both match GET requests such as '\/api\/x\/x\/x'/],
    // HEAD requests match GET routes
    [doc({ ...ok, method: "HEAD" }, ok), /routes\[0\] \(HEAD .*\) and routes\[1\] \(GET .*\) both match HEAD requests/],
    // equally specific: a literal at the same place, parameters elsewhere
    [doc({ ...ok, path: "/api/:company/x/:project", scope: ":company/:project" }, { ...ok, path: "/api/:c/x/:p", scope: ":c/:p" }), /routes\[0\].*and routes\[1\].*'\/api\/x\/x\/x'/],
    // a method written in lower case is the same method
    [doc(ok, { ...ok, method: "get" }), /routes\[0\].*and routes\[1\] \(GET /],
  ];
  for (const [d, message] of cases) assert.throws(() => compileRoutes(d), message, JSON.stringify(d));
  // Not ambiguous: other methods, other lengths, different literals, or one more specific.
  const fine = [
    doc(ok, { ...ok, method: "PUT" }),
    doc(ok, { ...ok, path: "/api/:company/:service/:project/x" }),
    doc({ ...ok, path: "/api/:company/a/:project", scope: ":company/:project" }, { ...ok, path: "/api/:company/b/:project", scope: ":company/:project" }),
    doc(ok, { ...ok, path: "/api/:company/:service/users", scope: ":company/:service" }),
    doc({ ...ok, path: "/api/a/:service/:project", scope: ":service/:project" }, { ...ok, path: "/api/:company/b/:project", scope: ":company/:project" }),
  ];
  for (const d of fine) assert.equal(compileRoutes(d).length, 2, JSON.stringify(d));
});

test("a literal segment that can never match is refused", () => {
  for (const seg of ["..", ".", "user%73", "a b", "a?b"]) {
    assert.throws(() => compileRoutes(doc({ ...ok, path: `/api/${seg}/:company/:service/:project` })), /routes\[0\]\.path: literal segment .* can never match/, seg);
  }
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
  assert.throws(() => checkRoutes(doc(ok, { ...ok, method: "PUT", permission: "project.fly" })), /routes\[1\] \(PUT \/api\/:company\/:service\/:project\): unknown permission 'project.fly'/);
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
  // Ambiguous routes fail the build too, naming both.
  writeFileSync(bad, JSON.stringify(doc(ok, { ...ok, path: "/api/:a/:b/:c", scope: ":a/:b/:c" })));
  const r3 = spawnSync(process.execPath, [join(here, "..", "build.mjs"), bad], { encoding: "utf8" });
  assert.equal(r3.status, 1);
  assert.match(r3.stderr, /^edge build: routes\[0\] \(GET \/api\/:company\/:service\/:project\) and routes\[1\] \(GET \/api\/:a\/:b\/:c\) both match/);
  // The built worker was left as it was.
  assert.equal(existsSync(dist) ? statSync(dist).mtimeMs : null, before);
});
