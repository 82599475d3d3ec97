// What the origin receives: ORIGIN's path joined with the request's path, the client's headers
// (Authorization included) without any x-rolecascade-* it sent, and x-rolecascade-user carrying
// the token's sub exactly (percent-encoded for '%' and anything outside printable ASCII).
// Also the route-shadowing example, end to end.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { SECRET, now, bearer, startWorkers } from "./helpers.mjs";

const TRACK = "/api/acme/automation/claims/production/mc/track";
const basic = [{ role: "environment-basic", scope: "acme/automation/claims/production" }];
const claims = (sub, assignments = basic) => ({ sub, exp: now() + 3600, assignments });

let w;
let origin;
let seen = [];
before(async () => {
  origin = createServer((req, res) => {
    seen.push({ url: req.url, method: req.method, headers: req.headers });
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("from origin");
  });
  await new Promise((r) => origin.listen(0, "127.0.0.1", r));
  const o = `http://127.0.0.1:${origin.address().port}`;
  w = await startWorkers({
    root: { TOKEN_SECRET: SECRET, ORIGIN: o },
    rootSlash: { TOKEN_SECRET: SECRET, ORIGIN: `${o}/` },
    base: { TOKEN_SECRET: SECRET, ORIGIN: `${o}/base` },
    baseSlash: { TOKEN_SECRET: SECRET, ORIGIN: `${o}/base/` },
    deep: { TOKEN_SECRET: SECRET, ORIGIN: `${o}/a/b%20c` },
    decide: { TOKEN_SECRET: SECRET },
  });
});
after(async () => {
  await w?.mf.dispose();
  origin?.close();
});

async function forwarded(worker, path, opts) {
  seen = [];
  const r = await w.call(worker, path, opts);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body, "from origin");
  assert.equal(seen.length, 1);
  return seen[0];
}

test("an ORIGIN with a path is joined with the request path", async () => {
  const auth = bearer(claims("bo@acme.test"));
  const cases = {
    root: `${TRACK}?x=1&y=%20`,
    rootSlash: `${TRACK}?x=1&y=%20`,
    base: `/base${TRACK}?x=1&y=%20`,
    baseSlash: `/base${TRACK}?x=1&y=%20`,
    deep: `/a/b%20c${TRACK}?x=1&y=%20`,
  };
  for (const [worker, url] of Object.entries(cases)) {
    assert.equal((await forwarded(worker, `${TRACK}?x=1&y=%20`, { auth })).url, url, worker);
  }
  assert.equal((await forwarded("base", TRACK, { auth })).url, `/base${TRACK}`);
});

test("the origin gets the client's headers and Authorization, and only the worker's x-rolecascade-*", async () => {
  const auth = bearer(claims("bo@acme.test"));
  const got = await forwarded("base", TRACK, {
    auth,
    headers: { "x-rolecascade-user": "forged", "x-rolecascade-roles": "company-admin", "x-trace": "t1" },
  });
  assert.equal(got.headers.authorization, auth);
  assert.equal(got.headers["x-trace"], "t1");
  assert.equal(got.headers["x-rolecascade-user"], "bo@acme.test");
  assert.equal(got.headers["x-rolecascade-roles"], undefined);
  // HEAD requests go through GET routes and reach the origin as HEAD.
  seen = [];
  const head = await w.call("base", TRACK, { method: "HEAD", auth });
  assert.equal(head.status, 200);
  assert.equal(seen[0].method, "HEAD");
  // Refused requests never arrive.
  seen = [];
  assert.equal((await w.call("base", TRACK.replace("track", "security"), { auth })).status, 403);
  assert.deepEqual(seen, []);
});

test("x-rolecascade-user carries the sub exactly; decodeURIComponent gives it back", async () => {
  const cases = [
    ["bo@acme.test", "bo@acme.test"],
    ["ana maria@acme.test", "ana maria@acme.test"],
    ["jos\u00e9@acme.test", "jos%C3%A9@acme.test"],
    ["50%off@acme.test", "50%25off@acme.test"],
    ["50%25off@acme.test", "50%2525off@acme.test"], // another user: another header value
    ["\u6771\u4eac\u{1f600}", "%E6%9D%B1%E4%BA%AC%F0%9F%98%80"],
    ["a\u202eb", "a%E2%80%AEb"], // a bidi override travels encoded, never raw
  ];
  for (const [sub, header] of cases) {
    const got = await forwarded("root", TRACK, { auth: bearer(claims(sub)) });
    assert.equal(got.headers["x-rolecascade-user"], header, sub);
    assert.equal(decodeURIComponent(got.headers["x-rolecascade-user"]), sub);
  }
  // A sub HTTP would trim is refused (it reached the origin as `admin` before).
  seen = [];
  const r = await w.call("root", TRACK, { auth: bearer(claims(" admin", [{ role: "company-admin", scope: "acme" }])) });
  assert.equal(r.status, 401);
  assert.match(r.body.reason, /leading or trailing whitespace/);
  assert.deepEqual(seen, []);
});

test("a literal route wins: a project named `users` does not open the users list", async () => {
  // A contributor of the project `users` may read that project, not the subscription's users.
  const contributor = bearer(claims("carl@acme.test", [{ role: "project-contributor", scope: "acme/automation/users" }]));
  const list = await w.call("decide", "/api/acme/automation/users", { auth: contributor });
  assert.equal(list.status, 403, JSON.stringify(list.body));
  assert.equal(list.body.permission, "subscription.users.read");
  assert.equal(list.body.scope, "acme/automation");
  const encoded = await w.call("decide", "/api/acme/automation/user%73", { auth: contributor });
  assert.equal(encoded.status, 403);
  assert.equal(encoded.body.permission, "subscription.users.read");
  const project = await w.call("decide", "/api/acme/automation/claims", { auth: bearer(claims("carl@acme.test", [{ role: "project-contributor", scope: "acme/automation/claims" }])) });
  assert.deepEqual([project.status, project.body.permission], [200, "project.read"]);
  // The subscription's owner reads the list.
  const owner = await w.call("decide", "/api/acme/automation/users", { auth: bearer(claims("ana@acme.test", [{ role: "subscription-owner", scope: "acme/automation" }])) });
  assert.deepEqual([owner.status, owner.body.permission], [200, "subscription.users.read"]);
});
