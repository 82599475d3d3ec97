// The package in the tools JavaScript developers use, with no configuration: esbuild (browser as
// an ES module and as the default IIFE; Node as ES module and CommonJS, run from a folder far
// from the package) and webpack 5 (browser, the default entry and rolecascade/inline). Each
// bundle runs the same app (apps/answers.mjs) and must give the same answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { build } from "esbuild";
import webpack from "webpack";
import { runPage, indexHtml } from "./browser.mjs";
import { expected } from "./apps/answers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const apps = join(here, "apps");
const pkgDir = dirname(createRequire(import.meta.url).resolve("rolecascade/package.json"));
const SLOW = { timeout: 180_000 };

function outDir(t) {
  // Far from the package: nothing named rolecascade can be found from here.
  const dir = mkdtempSync(join(tmpdir(), "rolecascade-bundle-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function inChromium(dir, script, options) {
  writeFileSync(join(dir, "index.html"), indexHtml(script, options));
  const { data, fetched, errors } = await runPage(dir);
  assert.deepEqual(errors, []);
  assert.equal(data.ready, "yes", data.answers);
  return { answers: JSON.parse(data.answers), fetched };
}

test("esbuild, browser, ES module: rolecascade/inline needs no wasm file and no init", SLOW, async (t) => {
  const dir = outDir(t);
  await build({ entryPoints: [join(apps, "inline-browser.mjs")], bundle: true, format: "esm", platform: "browser", outfile: join(dir, "app.js"), logLevel: "error" });
  assert.deepEqual(readdirSync(dir), ["app.js"]);
  const { answers, fetched } = await inChromium(dir, "app.js");
  assert.deepEqual(answers, expected);
  assert.deepEqual(fetched.filter((u) => !u.startsWith("data:")), ["", "app.js"], "nothing fetched but the page and the bundle");
});

test("esbuild, browser, the default IIFE with code splitting off: rolecascade/inline", SLOW, async (t) => {
  const dir = outDir(t);
  await build({ entryPoints: [join(apps, "inline-browser.mjs")], bundle: true, minify: true, platform: "browser", outfile: join(dir, "app.js"), logLevel: "error" });
  const { answers } = await inChromium(dir, "app.js", { module: false });
  assert.deepEqual(answers, expected);
});

test("esbuild, browser, ES module with splitting: the authoring module is a chunk fetched by loadAuthoring()", SLOW, async (t) => {
  const dir = outDir(t);
  await build({ entryPoints: [join(apps, "inline-browser.mjs")], bundle: true, format: "esm", splitting: true, platform: "browser", outdir: dir, logLevel: "error" });
  const { answers, fetched } = await inChromium(dir, "inline-browser.js");
  assert.deepEqual(answers, expected);
  assert.ok(fetched.some((u) => /^inline-authoring-\w+\.js$/.test(u)), fetched.join(", "));
});

for (const format of ["esm", "cjs"]) {
  test(`esbuild, Node, ${format}: rolecascade/inline runs from another folder`, SLOW, async (t) => {
    const dir = outDir(t);
    const file = join(dir, format === "esm" ? "app.mjs" : "app.cjs");
    // A CommonJS bundle cannot hold top-level await: the app's last line, rewritten.
    const entry = format === "esm" ? join(apps, "inline-node.mjs") : join(dir, "entry.mjs");
    if (format === "cjs") writeFileSync(entry, `import * as r from "rolecascade/inline";\nimport { answers } from ${JSON.stringify(join(apps, "answers.mjs"))};\nanswers(r).then((o) => console.log(JSON.stringify(o)));\n`);
    await build({ entryPoints: [entry], bundle: true, format, platform: "node", outfile: file, logLevel: "error", nodePaths: [join(here, "..", "node_modules")] });
    const out = execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), expected);
  });
}

test("esbuild, Node: the default entry imports without reading, then takes the wasm bytes it is given", SLOW, async (t) => {
  const dir = outDir(t);
  await build({ entryPoints: [join(apps, "default-node.mjs")], bundle: true, format: "esm", platform: "node", outfile: join(dir, "app.mjs"), logLevel: "error" });
  const wasm = join(dir, "wasm");
  execFileSync("mkdir", [wasm]);
  for (const file of ["rolecascade_runtime_speed_bg.wasm", "rolecascade_authoring_bg.wasm"]) copyFileSync(join(pkgDir, "web", file), join(wasm, file));
  const { missing, ...answers } = JSON.parse(execFileSync(process.execPath, [join(dir, "app.mjs"), wasm], { cwd: dir, encoding: "utf8" }));
  assert.deepEqual(answers, expected);
  assert.match(missing, /^not_initialized: rolecascade_runtime_speed_bg\.wasm is not beside the package .*pass its bytes to initSync\(\) first, or import rolecascade\/inline$/);
});

function runWebpack(entry, dir) {
  return new Promise((resolve, reject) => {
    webpack(
      {
        mode: "production",
        target: "web",
        entry,
        output: { path: dir, filename: "app.js", publicPath: "auto" },
        resolve: { modules: [join(here, "..", "node_modules")] },
        performance: { hints: false },
        infrastructureLogging: { level: "error" },
      },
      (err, stats) => {
        if (err) return reject(err);
        if (stats.hasErrors()) return reject(new Error(stats.toString("errors-only")));
        resolve(stats.toJson({ assets: true }).assets.map((a) => a.name));
      },
    );
  });
}

test("webpack 5, browser: the default entry (its wasm files emitted as assets) after await init()", SLOW, async (t) => {
  const dir = outDir(t);
  const assets = await runWebpack(join(apps, "default-browser.mjs"), dir);
  assert.ok(assets.some((a) => a.endsWith(".wasm")), assets.join(", "));
  const { answers, fetched } = await inChromium(dir, "app.js", { module: false });
  assert.deepEqual(answers, expected);
  assert.equal(fetched.filter((u) => u.endsWith(".wasm")).length, 2, fetched.join(", "));
});

test("webpack 5, browser: rolecascade/inline", SLOW, async (t) => {
  const dir = outDir(t);
  const assets = await runWebpack(join(apps, "inline-browser.mjs"), dir);
  assert.ok(!assets.some((a) => a.endsWith(".wasm")), `no wasm file emitted: ${assets.join(", ")}`);
  const { answers, fetched } = await inChromium(dir, "app.js", { module: false });
  assert.deepEqual(answers, expected);
  assert.ok(!fetched.some((u) => u.endsWith(".wasm")), fetched.join(", "));
});
