// Serves the built worker (edge/dist/) locally in workerd, over the KV store that
// `node edge/publish.mjs` writes (edge/.kv/ unless --persist DIR), with the bindings taken from
// the environment: TOKEN_SECRET, TOKEN_PUBLIC_KEY, TOKEN_ISSUER, TOKEN_AUDIENCE,
// TOKEN_MAX_LIFETIME, ORIGIN, DIRECTORY_TTL, DIRECTORY_CACHE_BYTES.
//
//   make edge && node edge/publish.mjs --tenant acme acme.json
//   TOKEN_SECRET=... node edge/dev.mjs [--port 8787] [--persist DIR]
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Miniflare } from "miniflare";
import { DEFAULT_PERSIST, LOCAL_NAMESPACE } from "./publish.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const NAMES = ["TOKEN_SECRET", "TOKEN_PUBLIC_KEY", "TOKEN_ISSUER", "TOKEN_AUDIENCE", "TOKEN_MAX_LIFETIME", "ORIGIN", "DIRECTORY_TTL", "DIRECTORY_CACHE_BYTES"];

const { values } = parseArgs({ options: { port: { type: "string", default: "8787" }, persist: { type: "string" } } });
const bindings = Object.fromEntries(NAMES.filter((n) => process.env[n] !== undefined).map((n) => [n, process.env[n]]));
const mf = new Miniflare({
  scriptPath: join(here, "dist", "worker.js"),
  modules: true,
  modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"], fallthrough: true }],
  compatibilityDate: "2025-01-01",
  bindings,
  kvNamespaces: { DIRECTORY: LOCAL_NAMESPACE },
  kvPersist: resolve(values.persist || DEFAULT_PERSIST),
  host: "127.0.0.1",
  port: Number(values.port),
});
const url = await mf.ready;
console.log(`rolecascade edge worker: ${url.href} (bindings: ${Object.keys(bindings).join(", ") || "none"}; KV: ${resolve(values.persist || DEFAULT_PERSIST)})`);
