// edge/publish.mjs: a directory is checked with the package before anything is written, to the
// local miniflare store or through wrangler; a bad one is refused with a reason and never
// written. End to end: what publish writes, the worker answers from.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { SECRET, now, bearer, startWorkers } from "./helpers.mjs";
import { LOCAL_NAMESPACE, validate, PublishError } from "../publish.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const PUBLISH = join(here, "..", "publish.mjs");
const dir = mkdtempSync(join(tmpdir(), "publish-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (name, text) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const publish = (args, env = {}) => spawnSync(process.execPath, [PUBLISH, ...args], { encoding: "utf8", env: { ...process.env, ...env } });

const acme = JSON.stringify({
  scopes: ["acme", "acme/automation", "acme/automation/claims", "acme/automation/claims/production"],
  members: { acme: ["ana@acme.test"], "acme/automation": ["ana@acme.test"] },
  assignments: [{ user: "ana@acme.test", role: "subscription-owner", scope: "acme/automation" }],
});

async function readStore(persist, key) {
  const mf = new Miniflare({ modules: true, script: "export default { fetch() { return new Response(null); } };", kvNamespaces: { DIRECTORY: LOCAL_NAMESPACE }, kvPersist: persist });
  try {
    return await (await mf.getKVNamespace("DIRECTORY")).get(key);
  } finally {
    await mf.dispose();
  }
}

test("a valid directory is written to the local store, and the worker answers from it", async () => {
  const persist = join(dir, "kv");
  const r = publish(["--tenant", "acme", file("acme.json", acme), "--persist", persist]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^publish: written to the local KV store .*: tenant "acme": \d+ bytes, 4 scopes, 1 users\n$/);
  assert.equal(await readStore(persist, "acme"), acme);
  // publish -> KV -> isolate: a worker over the same store.
  const w = await startWorkers({ edge: { TOKEN_SECRET: SECRET } }, { kvNamespaces: { DIRECTORY: LOCAL_NAMESPACE } }, { kvPersist: persist });
  try {
    const auth = bearer({ sub: "ana@acme.test", exp: now() + 600 });
    assert.equal((await w.call("edge", "/api/acme/automation/claims/production/mc/security", { auth })).status, 200);
    assert.equal((await w.call("edge", "/api/acme/automation/claims", { auth: bearer({ sub: "bo@acme.test", exp: now() + 600 }) })).status, 403);
  } finally {
    await w.mf.dispose();
  }
});

test("a bad directory or tenant is refused with a reason, and nothing is written", async () => {
  const persist = join(dir, "kv-bad");
  // Through the command line: the message, the status, nothing written.
  const cli = [
    ["acme", '{"scopes":["acme"],"assignments":[{"user":"a","role":"nope","scope":"acme"}]}', /^publish: the directory is not a valid directory: unknown role 'nope' \(at assignments\[0\]\); nothing was written\n$/],
    ["globex", acme, /^publish: scope "acme" is not under tenant "globex": a tenant's directory holds only its own scopes; nothing was written\n$/],
    ["acme/automation", acme, /^publish: the tenant "acme\/automation" holds a '\/': it is the first segment of a scope; nothing was written\n$/],
  ];
  for (const [tenant, text, message] of cli) {
    const r = publish(["--tenant", tenant, file("bad.json", text), "--persist", persist]);
    assert.equal(r.status, 1, `${tenant} ${text}: ${r.stdout} ${r.stderr}`);
    assert.match(r.stderr, message, text);
  }
  // The same checks, in process.
  const cases = [
    ["acme", "{ not json", /^the directory is not a valid directory: not valid JSON/],
    ["acme", "[1, 2]", /^the directory is not a directory in JSON text/],
    ["acme", "", /^the directory is empty$/],
    ["acme", '{"scopes":["acme/x"]}', /^the directory (is not a valid directory|has no scope "acme")/],
    ["acme", '{"scopes":[]}', /^the directory has no scope "acme" \(the tenant itself\)$/],
    ["..", acme, /^the tenant '\.\.' cannot be a scope segment$/],
    ["", acme, /^the tenant is empty$/],
    ["a\u0000", acme, /^the tenant holds a control character$/],
    ["x".repeat(513), acme, /^the tenant is longer than a KV key may be \(512 bytes\)$/],
  ];
  for (const [tenant, text, message] of cases) {
    assert.throws(() => validate(tenant, Buffer.from(text)), (e) => e instanceof PublishError && message.test(e.message), `${tenant} ${text}`);
  }
  assert.deepEqual(validate("acme", Buffer.from(acme)), { scopes: 4, users: 1 });
  assert.equal(existsSync(persist), false, "the store was never opened");
  // Larger than the worker's cache bound.
  const big = publish(["--tenant", "acme", file("acme.json", acme), "--persist", persist, "--max-bytes", "100"]);
  assert.equal(big.status, 1);
  assert.match(big.stderr, /the worker's cache holds at most 100 \(DIRECTORY_CACHE_BYTES; --max-bytes\)/);
  // Usage errors: status 2 and the usage line.
  for (const args of [[file("acme.json", acme)], ["--tenant", "acme"], ["--tenant", "acme", "a.json", "b.json"], ["--tenant", "acme", "a.json", "--remote"], ["--tenant", "acme", "a.json", "--colour"]]) {
    const r = publish(args);
    assert.equal(r.status, 2, args.join(" "));
    assert.match(r.stderr, /\nusage: node edge\/publish\.mjs --tenant TENANT/);
  }
  const check = publish(["--tenant", "acme", file("acme.json", acme), "--check"]);
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /^publish: valid: tenant "acme"/);
});

test("--wrangler writes the validated bytes with wrangler kv key put; a bad directory never calls it", () => {
  const log = join(dir, "wrangler.log");
  const stub = file(
    "wrangler-stub.mjs",
    `#!/usr/bin/env node
import { appendFileSync, readFileSync } from "node:fs";
const args = process.argv.slice(2);
const path = args[args.indexOf("--path") + 1];
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, value: readFileSync(path, "utf8") }) + "\\n");
`,
  );
  spawnSync("chmod", ["+x", stub]);
  const ok = publish(["--tenant", "acme", file("acme.json", acme), "--wrangler", "--remote"], { WRANGLER: stub });
  assert.equal(ok.status, 0, ok.stderr);
  const calls = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(calls.length, 1);
  const { args, value } = calls[0];
  assert.deepEqual(args.slice(0, 5), ["kv", "key", "put", "acme", "--path"]);
  assert.deepEqual(args.slice(6), ["--binding", "DIRECTORY", "--remote", "--config", join(here, "..", "wrangler.toml")]);
  assert.equal(value, acme);
  const id = publish(["--tenant", "acme", file("acme.json", acme), "--wrangler", "--namespace-id", "abc123"], { WRANGLER: stub });
  assert.equal(id.status, 0, id.stderr);
  assert.deepEqual(JSON.parse(readFileSync(log, "utf8").trim().split("\n")[1]).args.slice(6, 8), ["--namespace-id", "abc123"]);
  const bad = publish(["--tenant", "acme", file("bad.json", "{ not json"), "--wrangler"], { WRANGLER: stub });
  assert.equal(bad.status, 1);
  assert.equal(readFileSync(log, "utf8").trim().split("\n").length, 2, "wrangler was not called");
  const missing = publish(["--tenant", "acme", file("acme.json", acme), "--wrangler"], { WRANGLER: join(dir, "no-such-wrangler") });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot run '.*no-such-wrangler' \(ENOENT\): install wrangler or set WRANGLER/);
});
