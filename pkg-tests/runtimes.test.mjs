// Deno and Bun, where they are installed (`DENO`/`BUN` name the binaries, else they are looked up
// on PATH; skipped otherwise): Deno through the package's `deno` condition with no permission at
// all (nothing read from disk), Bun running the package and `bun build` bundling
// rolecascade/inline for a page, run in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPage, indexHtml } from "./browser.mjs";
import { expected } from "./apps/answers.mjs";

const here = dirname(fileURLToPath(import.meta.url));

function find(name, env) {
  if (process.env[env]) return process.env[env];
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const deno = find("deno", "DENO");
const bun = find("bun", "BUN");

// The app, in a folder inside pkg-tests so that `rolecascade` resolves to the package.
function app(t, entry) {
  const dir = mkdtempSync(join(here, ".runtime-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(join(dir, "app.mjs"), `import * as r from ${JSON.stringify(entry)};\nimport { answers } from "../apps/answers.mjs";\nconsole.log(JSON.stringify(await answers(r)));\n`);
  return dir;
}

for (const entry of ["rolecascade", "rolecascade/inline"]) {
  test(`Deno runs ${entry} with no permissions`, { skip: !deno && "deno is not installed", timeout: 120_000 }, (t) => {
    const dir = app(t, entry);
    const out = execFileSync(deno, ["run", "--no-prompt", "app.mjs"], { cwd: dir, encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
    assert.deepEqual(JSON.parse(out), expected);
  });

  test(`Bun runs ${entry}`, { skip: !bun && "bun is not installed", timeout: 120_000 }, (t) => {
    const dir = app(t, entry);
    assert.deepEqual(JSON.parse(execFileSync(bun, ["run", "app.mjs"], { cwd: dir, encoding: "utf8" })), expected);
  });
}

test("bun build bundles rolecascade/inline for a page", { skip: !bun && "bun is not installed", timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "rolecascade-bun-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(bun, ["build", "--target=browser", join(here, "apps", "inline-browser.mjs"), "--outfile", join(dir, "app.js")], { cwd: here, stdio: "pipe" });
  writeFileSync(join(dir, "index.html"), indexHtml("app.js"));
  const { data, errors } = await runPage(dir);
  assert.deepEqual(errors, []);
  assert.deepEqual(JSON.parse(data.answers), expected);
});
