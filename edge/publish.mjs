// Publishes a tenant's directory for the edge worker's directory mode, after checking it with the
// package exactly as the worker will load it, so a directory that would not load never reaches
// the edge.
//
//   node edge/publish.mjs --tenant acme directory.json             local store (edge/.kv/)
//   node edge/publish.mjs --tenant acme directory.json --persist DIR
//   node edge/publish.mjs --tenant acme directory.json --wrangler [--binding DIRECTORY |
//        --namespace-id ID] [--remote] [--config edge/wrangler.toml]
//   node edge/publish.mjs --tenant acme directory.json --check     validate only
//
// Checks: the tenant is a valid scope segment and KV key; the file is JSON text the package loads
// as a directory of the default model; every scope in it lies under the tenant and the tenant's
// own scope is there; it fits the worker's cache (--max-bytes, default DIRECTORY_CACHE_BYTES'
// default). The local store is miniflare's KV persisted on disk; `node edge/dev.mjs` serves the
// worker over it. With --wrangler the validated bytes go through `wrangler kv key put` (the
// command is $WRANGLER when set, else `wrangler` on PATH).
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { loadDirectory } from "./src/directory.mjs";
import { DEFAULT_CACHE_BYTES } from "./src/config.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PERSIST = join(here, ".kv");
/** The KV namespace id the local store and `edge/dev.mjs` use for the DIRECTORY binding. */
export const LOCAL_NAMESPACE = "rolecascade-directory";
const KV_VALUE_LIMIT = 25 * 1024 * 1024;

export class PublishError extends Error {}

/** Why `tenant` cannot be a tenant key, or null. */
export function tenantProblem(tenant) {
  if (typeof tenant !== "string" || tenant === "") return "the tenant is empty";
  if (tenant === "." || tenant === "..") return `the tenant '${tenant}' cannot be a scope segment`;
  if (tenant.includes("/")) return `the tenant ${JSON.stringify(tenant)} holds a '/': it is the first segment of a scope`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(tenant)) return "the tenant holds a control character";
  if (!tenant.isWellFormed()) return "the tenant is not well-formed Unicode";
  if (Buffer.byteLength(tenant) > 512) return "the tenant is longer than a KV key may be (512 bytes)";
  return null;
}

function scopesOf(exported) {
  if (Array.isArray(exported.scopes)) return exported.scopes;
  // The nested form: companies and everything under them.
  const out = [];
  for (const c of exported.companies || []) {
    out.push(c.id);
    for (const s of c.subscriptions || []) {
      out.push(`${c.id}/${s.service}`);
      for (const p of s.projects || []) {
        out.push(`${c.id}/${s.service}/${p.id}`);
        for (const e of p.environments || []) out.push(`${c.id}/${s.service}/${p.id}/${e}`);
      }
    }
  }
  return out;
}

/**
 * Checks `bytes` as the directory of `tenant`, as the worker will load it. Returns
 * `{ scopes, users }` (counts) or throws a PublishError saying what is wrong.
 */
export function validate(tenant, bytes, { maxBytes = DEFAULT_CACHE_BYTES } = {}) {
  const problem = tenantProblem(tenant);
  if (problem) throw new PublishError(problem);
  if (bytes.length > Math.min(maxBytes, KV_VALUE_LIMIT)) {
    throw new PublishError(`the directory is ${bytes.length} bytes; the worker's cache holds at most ${maxBytes} (DIRECTORY_CACHE_BYTES; --max-bytes) and a KV value at most ${KV_VALUE_LIMIT}`);
  }
  let engine;
  try {
    engine = loadDirectory(bytes);
  } catch (e) {
    throw new PublishError(e.message.replace(/^the value/, "the directory"));
  }
  try {
    const exported = engine.exportDirectory();
    const scopes = scopesOf(exported);
    const outside = scopes.find((s) => s.split("/")[0] !== tenant);
    if (outside !== undefined) {
      throw new PublishError(`scope ${JSON.stringify(outside)} is not under tenant ${JSON.stringify(tenant)}: a tenant's directory holds only its own scopes`);
    }
    if (!scopes.includes(tenant)) throw new PublishError(`the directory has no scope ${JSON.stringify(tenant)} (the tenant itself)`);
    const users = new Set(Object.values(exported.members || {}).flat());
    for (const c of exported.companies || []) for (const u of c.users || []) users.add(u);
    return { scopes: scopes.length, users: users.size };
  } finally {
    engine.free();
  }
}

/** Writes a validated value into the local miniflare KV store persisted in `persist`. */
export async function publishLocal(tenant, bytes, persist = DEFAULT_PERSIST) {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 404 }); } };",
    kvNamespaces: { DIRECTORY: LOCAL_NAMESPACE },
    kvPersist: persist,
  });
  try {
    const kv = await mf.getKVNamespace("DIRECTORY");
    // An ArrayBuffer of exactly these bytes (miniflare's proxy does not take a Node Buffer).
    await kv.put(tenant, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  } finally {
    await mf.dispose();
  }
}

/** Writes a validated value through `wrangler kv key put`. */
export function publishWrangler(tenant, bytes, { binding, namespaceId, remote, config }) {
  const dir = mkdtempSync(join(tmpdir(), "rolecascade-publish-"));
  try {
    // The bytes that were validated, not the file again (it may change meanwhile).
    const file = join(dir, "directory.json");
    writeFileSync(file, bytes);
    const args = ["kv", "key", "put", tenant, "--path", file];
    if (namespaceId) args.push("--namespace-id", namespaceId);
    else args.push("--binding", binding || "DIRECTORY");
    if (remote) args.push("--remote");
    args.push("--config", config || join(here, "wrangler.toml"));
    const command = process.env.WRANGLER || "wrangler";
    const r = spawnSync(command, args, { stdio: "inherit" });
    if (r.error) throw new PublishError(`cannot run '${command}' (${r.error.code || r.error.message}): install wrangler or set WRANGLER`);
    if (r.status !== 0) throw new PublishError(`'${command} ${args.slice(0, 3).join(" ")}' failed with status ${r.status}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const USAGE = "usage: node edge/publish.mjs --tenant TENANT DIRECTORY.json [--check] [--persist DIR] [--max-bytes N] [--wrangler [--binding NAME | --namespace-id ID] [--remote] [--config FILE]]";

function parseArgs(argv) {
  const o = { files: [] };
  const takes = new Set(["--tenant", "--persist", "--binding", "--namespace-id", "--config", "--max-bytes"]);
  const flags = new Set(["--check", "--wrangler", "--remote"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (takes.has(a)) {
      if (i + 1 >= argv.length) throw new PublishError(`${a} needs a value`);
      o[a.slice(2)] = argv[++i];
    } else if (flags.has(a)) {
      o[a.slice(2)] = true;
    } else if (a.startsWith("--")) {
      throw new PublishError(`unknown option ${a}`);
    } else {
      o.files.push(a);
    }
  }
  if (o.tenant === undefined) throw new PublishError("--tenant is required");
  if (o.files.length !== 1) throw new PublishError("give exactly one directory file");
  if (o["max-bytes"] !== undefined && !/^[1-9]\d*$/.test(o["max-bytes"])) throw new PublishError("--max-bytes takes a positive whole number");
  if (!o.wrangler && (o.binding || o["namespace-id"] || o.remote || o.config)) throw new PublishError("--binding, --namespace-id, --remote and --config go with --wrangler");
  if (o.wrangler && o.persist) throw new PublishError("--persist is for the local store, not --wrangler");
  return o;
}

async function main(argv) {
  let o;
  try {
    o = parseArgs(argv);
  } catch (e) {
    console.error(`publish: ${e.message}\n${USAGE}`);
    return 2;
  }
  try {
    let bytes;
    try {
      bytes = readFileSync(o.files[0]);
    } catch (e) {
      throw new PublishError(`cannot read ${o.files[0]}: ${e.code || e.message}`);
    }
    const maxBytes = o["max-bytes"] === undefined ? undefined : Number(o["max-bytes"]);
    const { scopes, users } = validate(o.tenant, bytes, { maxBytes });
    const what = `tenant ${JSON.stringify(o.tenant)}: ${bytes.length} bytes, ${scopes} scopes, ${users} users`;
    if (o.check) {
      console.log(`publish: valid: ${what}`);
    } else if (o.wrangler) {
      publishWrangler(o.tenant, bytes, { binding: o.binding, namespaceId: o["namespace-id"], remote: o.remote, config: o.config });
      console.log(`publish: written through wrangler: ${what}`);
    } else {
      const persist = resolve(o.persist || DEFAULT_PERSIST);
      await publishLocal(o.tenant, bytes, persist);
      console.log(`publish: written to the local KV store ${persist}: ${what}`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof PublishError)) throw e;
    console.error(`publish: ${e.message}; nothing was written`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
