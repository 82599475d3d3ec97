// Directory mode in a real workerd with miniflare's Workers KV: a token without `assignments` is
// answered from its tenant's directory in KV. Grants, other tenants, revocation within the TTL,
// corrupt values with and without a last good copy, missing tenants, stateless tokens unchanged,
// and the cache's byte bound.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SECRET, now, bearer, startWorkers } from "./helpers.mjs";

const ENV = "acme/automation/claims/production";
const SECURITY = `/api/${ENV}/mc/security`;
const TRACK = `/api/${ENV}/mc/track`;

/** A tenant's directory in the default model's nested form. */
function directory(tenant, assignments, users = ["ana", "bo", "dee"]) {
  const ids = users.map((u) => `${u}@${tenant}.test`);
  return JSON.stringify({
    companies: [
      {
        id: tenant,
        users: ids,
        subscriptions: [{ service: "automation", users: ids, projects: [{ id: "claims", environments: ["production"] }] }],
      },
    ],
    assignments: assignments.map(([u, role, scope]) => ({ user: `${u}@${tenant}.test`, role, scope: `${tenant}/${scope}` })),
  });
}
const acme = directory("acme", [
  ["ana", "subscription-owner", "automation"],
  ["bo", "environment-basic", "automation/claims/production"],
]);
const acmeRevoked = directory("acme", [["bo", "environment-basic", "automation/claims/production"]]);
const globex = directory("globex", [["ana", "subscription-owner", "automation"]]);

// The cache-bound test's tenants: three directories of one size, a bound that holds two.
const grant = (t) => directory(t, [["ana", "subscription-owner", "automation"]]);
const revoked = (t) => directory(t, []);
const BOUND = 2 * grant("t1").length + 64;

const user = (sub, extra = {}) => bearer({ sub, exp: now() + 3600, ...extra });
const ana = user("ana@acme.test");

let w;
const kv = {};
before(async () => {
  const namespaces = { d0: "ns-d0", ttl1: "ns-rev", ttlLong: "ns-rev", lru: "ns-lru" };
  w = await startWorkers(
    {
      d0: { TOKEN_SECRET: SECRET, DIRECTORY_TTL: "0" },
      ttl1: { TOKEN_SECRET: SECRET, DIRECTORY_TTL: "1" },
      ttlLong: { TOKEN_SECRET: SECRET, DIRECTORY_TTL: "3600" },
      lru: { TOKEN_SECRET: SECRET, DIRECTORY_TTL: "3600", DIRECTORY_CACHE_BYTES: String(BOUND) },
      noKv: { TOKEN_SECRET: SECRET },
      defaults: { TOKEN_SECRET: SECRET },
    },
    (name) => (name === "noKv" ? {} : { kvNamespaces: { DIRECTORY: namespaces[name] || "ns-defaults" } }),
  );
  for (const name of Object.keys(namespaces)) kv[name] = await w.mf.getKVNamespace("DIRECTORY", name);
});
after(async () => {
  await w?.mf.dispose();
});

const call = (worker, path, auth) => w.call(worker, path, { auth });

test("a token without assignments is answered from its tenant's directory", async () => {
  await kv.d0.put("acme", acme);
  const ok = await call("d0", SECURITY, ana);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual(ok.body, { allowed: true, permission: "mc.security", scope: ENV, user: "ana@acme.test" });
  assert.equal((await call("d0", TRACK, user("bo@acme.test"))).status, 200);
  const no = await call("d0", SECURITY, user("bo@acme.test"));
  assert.equal(no.status, 403);
  assert.match(no.body.reason, /no role of 'bo@acme.test' grants 'mc.security'/);
  // The token's sub must be a user of the directory.
  const stranger = await call("d0", TRACK, user("carl@acme.test"));
  assert.equal(stranger.status, 403);
  assert.match(stranger.body.reason, /user 'carl@acme.test' is not in the directory/);
  // Scopes the directory does not have deny; unknown modules are still 404.
  assert.equal((await call("d0", "/api/acme/automation/claims/staging/mc/security", ana)).status, 403);
  assert.equal((await call("d0", `/api/${ENV}/mc/not-a-module`, ana)).status, 404);
});

test("another tenant's request is decided by that tenant's directory, or refused without one", async () => {
  await kv.d0.put("acme", acme);
  await kv.d0.put("globex", globex);
  // ana@acme.test owns acme/automation, not globex's; globex's own ana does.
  const r = await call("d0", "/api/globex/automation/claims", ana);
  assert.equal(r.status, 403);
  assert.match(r.body.reason, /user 'ana@acme.test' is not in the directory/);
  assert.equal((await call("d0", "/api/globex/automation/claims", user("ana@globex.test"))).status, 200);
  assert.equal((await call("d0", SECURITY, user("ana@globex.test"))).status, 403);
  const none = await call("d0", "/api/initech/automation/claims", ana);
  assert.equal(none.status, 403);
  assert.deepEqual(none.body, { error: "forbidden", permission: "project.read", scope: "initech/automation/claims", reason: "no directory is published for tenant 'initech'" });
});

test("a token with assignments keeps stateless mode, directory or not", async () => {
  await kv.d0.put("acme", acme);
  // Not in the directory, but the signed assignments say so.
  const mallory = user("mallory@acme.test", { assignments: [{ role: "subscription-owner", scope: "acme/automation" }] });
  assert.equal((await call("d0", SECURITY, mallory)).status, 200);
  // In the directory as an owner, but the token's own (empty) assignments decide.
  assert.equal((await call("d0", SECURITY, user("ana@acme.test", { assignments: [] }))).status, 403);
  // Without a DIRECTORY binding, a token without assignments is refused with a reason.
  const r = await call("noKv", SECURITY, ana);
  assert.equal(r.status, 403);
  assert.match(r.body.reason, /no 'assignments' claim and this worker has no directory \(DIRECTORY binding\)/);
  assert.equal((await call("noKv", SECURITY, mallory)).status, 200);
});

test("a revocation written to KV takes effect within the TTL, with no new token", async () => {
  await kv.ttl1.put("acme", acme);
  assert.equal((await call("ttl1", SECURITY, ana)).status, 200);
  assert.equal((await call("ttlLong", SECURITY, ana)).status, 200);
  const written = performance.now();
  await kv.ttl1.put("acme", acmeRevoked);
  let elapsed = null;
  while (performance.now() - written < 5000) {
    const r = await call("ttl1", SECURITY, ana);
    if (r.status === 403) {
      elapsed = performance.now() - written;
      assert.match(r.body.reason, /no role of 'ana@acme.test' grants 'mc.security'/);
      break;
    }
    assert.equal(r.status, 200);
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(elapsed !== null && elapsed < 1000 + 1500, `refused after ${elapsed} ms with DIRECTORY_TTL=1`);
  // The same KV, read by an isolate whose copy is an hour fresh: still the old answer.
  assert.equal((await call("ttlLong", SECURITY, ana)).status, 200);
  // bo keeps what the new directory gives.
  assert.equal((await call("ttl1", TRACK, user("bo@acme.test"))).status, 200);
});

test("a corrupt value keeps the last good copy; without one it is a 503", async () => {
  await kv.d0.put("acme", acme);
  assert.equal((await call("d0", SECURITY, ana)).status, 200);
  const broken = ["{ not json", '{"scopes":["acme"],"assignments":[{"user":"x","role":"no-such-role","scope":"acme"}]}', "", new Uint8Array([0x52, 0x43, 0, 1]).buffer];
  for (const value of broken) {
    await kv.d0.put("acme", value);
    const r = await call("d0", SECURITY, ana); // DIRECTORY_TTL=0: every request reads KV
    assert.equal(r.status, 200, `last good copy after ${JSON.stringify(String(value))}: ${JSON.stringify(r.body)}`);
  }
  await kv.d0.put("acme", acmeRevoked);
  assert.equal((await call("d0", SECURITY, ana)).status, 403, "a good value replaces the copy");
  // No copy held: 503 with the reason, never an allow.
  for (const [value, reason] of [
    ["{ not json", /the value is not a valid directory: .*JSON/],
    [new Uint8Array([0x52, 0x43, 0, 1]).buffer, /binary snapshots are not supported by this worker yet/],
  ]) {
    await kv.d0.put("hooli", value);
    const r = await w.call("d0", "/api/hooli/automation/claims", { auth: user("ana@hooli.test") });
    assert.equal(r.status, 503, JSON.stringify(r.body));
    assert.equal(r.body.error, "unavailable");
    assert.match(r.body.reason, /^the directory of tenant 'hooli' cannot be loaded: /);
    assert.match(r.body.reason, reason);
    assert.equal(r.headers.get("retry-after"), "1");
  }
});

test("a tenant removed from KV is refused, its copy dropped", async () => {
  await kv.d0.put("acme", acme);
  assert.equal((await call("d0", SECURITY, ana)).status, 200);
  await kv.d0.delete("acme");
  const r = await call("d0", SECURITY, ana);
  assert.equal(r.status, 403);
  assert.equal(r.body.reason, "no directory is published for tenant 'acme'");
  await kv.d0.put("acme", acme);
});

test("the cache holds at most DIRECTORY_CACHE_BYTES, evicting the least recently used tenant", async () => {
  // Three tenants of the same size; the bound holds two. TTL is an hour, so a tenant that is
  // still held keeps its old answer after a revocation, and an evicted one reads the new value.
  assert.ok(3 * grant("t1").length > BOUND && grant("t2").length === grant("t1").length);
  for (const t of ["t1", "t2", "t3"]) await kv.lru.put(t, grant(t));
  const ask = async (t) => (await call("lru", `/api/${t}/automation/claims`, user(`ana@${t}.test`))).status;
  assert.deepEqual([await ask("t1"), await ask("t2"), await ask("t1"), await ask("t3")], [200, 200, 200, 200]);
  for (const t of ["t1", "t2", "t3"]) await kv.lru.put(t, revoked(t));
  assert.equal(await ask("t1"), 200, "t1 is held (used more recently than t2)");
  assert.equal(await ask("t3"), 200, "t3 is held");
  assert.equal(await ask("t2"), 403, "t2 was evicted and is read again");
  // A directory larger than the whole bound is never loaded: 503.
  await kv.lru.put("t4", directory("t4", [["ana", "subscription-owner", "automation"]], Array.from({ length: 200 }, (_, i) => `u${i}`)));
  const r = await w.call("lru", "/api/t4/automation/claims", { auth: user("u0@t4.test") });
  assert.equal(r.status, 503);
  assert.match(r.body.reason, /exceed the cache's \d+ \(DIRECTORY_CACHE_BYTES\)/);
});

test("defaults: DIRECTORY_TTL 30 s", async () => {
  const ns = await w.mf.getKVNamespace("DIRECTORY", "defaults");
  await ns.put("acme", acme);
  assert.equal((await call("defaults", SECURITY, ana)).status, 200);
  await ns.put("acme", acmeRevoked);
  assert.equal((await call("defaults", SECURITY, ana)).status, 200, "within 30 s the copy answers");
});
