// Shared by the edge tests: tokens signed the way an issuer would, and workers started in a real
// workerd through miniflare (several configurations as named workers of one workerd process, so
// each test file pays for one process start).
import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";

const here = dirname(fileURLToPath(import.meta.url));
export const dist = join(here, "..", "dist");
export const SECRET = "test-secret-for-hs256-at-least-32-bytes";
export const keys = generateKeyPairSync("ed25519");
export const otherKeys = generateKeyPairSync("ed25519");
export const publicJwk = JSON.stringify(keys.publicKey.export({ format: "jwk" }));
export const now = () => Math.floor(Date.now() / 1000);
export const b64u = (buf) => Buffer.from(buf).toString("base64url");

/** A signed JWT. `header` replaces the whole protected header; `alg` picks the signature. */
export function token(claims, { alg = "HS256", secret = SECRET, key = keys.privateKey, header } = {}) {
  const h = b64u(JSON.stringify(header || { alg, typ: "JWT" }));
  const p = b64u(JSON.stringify(claims));
  const data = `${h}.${p}`;
  let sig = "";
  if (alg === "HS256") sig = b64u(createHmac("sha256", secret).update(data).digest());
  else if (alg === "EdDSA") sig = b64u(sign(null, Buffer.from(data), key));
  return `${data}.${sig}`;
}

export const bearer = (claims, opts) => `Bearer ${token(claims, opts)}`;

/**
 * One workerd process running the built worker once per entry of `configs` ({ name: bindings }),
 * each its own isolate. `extra` goes into every worker's options (e.g. kvNamespaces).
 */
export async function startWorkers(configs, extra = {}, shared = {}) {
  assert.ok(readdirSync(dist).some((f) => f.endsWith(".wasm")), "run `make edge` first");
  const workers = Object.entries(configs).map(([name, bindings]) => ({
    name,
    scriptPath: join(dist, "worker.js"),
    modules: true,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"], fallthrough: true }],
    compatibilityDate: "2025-01-01",
    bindings,
    ...(typeof extra === "function" ? extra(name) : extra),
  }));
  const mf = new Miniflare({ workers, ...shared });
  await mf.ready;
  const fetchers = {};
  for (const name of Object.keys(configs)) fetchers[name] = await mf.getWorker(name);
  /** Sends a request to worker `worker`; returns { status, body (parsed JSON when it is), headers }. */
  async function call(worker, path, { method = "GET", auth, headers = {} } = {}) {
    const h = { ...headers };
    if (auth !== undefined) h.authorization = auth;
    const res = await fetchers[worker].fetch(`http://edge.test${path}`, { method, headers: h });
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  }
  return { mf, call };
}
