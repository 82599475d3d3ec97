// Builds the edge worker into edge/dist/: worker.js (an ES module with a default fetch export)
// and the engine's .wasm beside it, imported as a module. Refuses an invalid routes.json with a
// message naming the route (or both routes of an ambiguous pair), before bundling anything.
// `node edge/build.mjs other-routes.json` checks and bundles that file instead.
import { build } from "esbuild";
import { readFileSync, rmSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { Engine } from "rolecascade";
import { compileRoutes } from "./src/routes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const routesFile = process.argv[2] ? process.argv[2] : join(here, "routes.json");

function fail(msg) {
  console.error(`edge build: ${msg}`);
  process.exit(1);
}

export function checkRoutes(doc, engine = Engine.bizagi()) {
  const routes = compileRoutes(doc);
  for (const r of routes) {
    // A sample request: every parameter a plausible segment. Static permissions must exist and be
    // askable at the scope template's level.
    if (r.permission.includes(":")) continue;
    const sample = r.scope.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "x");
    try {
      engine.explainAssignments("route-check", [], r.permission, sample);
    } catch (e) {
      throw new Error(`routes[${r.index}] (${r.method} ${r.path}): ${e.message}`);
    }
  }
  return routes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let doc;
  try {
    doc = JSON.parse(readFileSync(routesFile, "utf8"));
  } catch (e) {
    fail(`${routesFile}: ${e.message}`);
  }
  try {
    checkRoutes(doc);
  } catch (e) {
    fail(e.message);
  }
  const out = join(here, "dist");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(here, "src", "worker.mjs")],
    outfile: join(out, "worker.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    loader: { ".wasm": "copy" },
    minify: true,
    logLevel: "warning",
    // The routes file that was checked is the one bundled (`node edge/build.mjs my-routes.json`).
    plugins: [
      {
        name: "routes-file",
        setup(b) {
          b.onResolve({ filter: /^\.\.\/routes\.json$/ }, () => ({ path: resolve(routesFile) }));
        },
      },
    ],
  });
  for (const f of readdirSync(out)) {
    const bytes = readFileSync(join(out, f));
    console.log(`edge/dist/${f}: ${statSync(join(out, f)).size} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped`);
  }
}
