// An esbuild bundle of a small app using the package loads in Chromium and answers a check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { build } from "esbuild";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, copyFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

test("an esbuild bundle runs in Chromium and answers a check", async () => {
  const out = mkdtempSync(join(tmpdir(), "rolecascade-bundle-"));
  await build({
    entryPoints: [join(here, "bundle-app", "app.mjs")],
    bundle: true,
    format: "esm",
    platform: "browser",
    outfile: join(out, "app.js"),
    logLevel: "error",
  });
  const pkgDir = dirname(require.resolve("rolecascade/package.json"));
  copyFileSync(join(pkgDir, "web", "rolecascade_runtime_bg.wasm"), join(out, "rolecascade_runtime_bg.wasm"));
  writeFileSync(join(out, "index.html"), '<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script type="module" src="./app.js"></script></body></html>');
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer((req, res) => {
    try {
      const file = join(out, req.url === "/" ? "index.html" : req.url.slice(1));
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector("body[data-ready=yes]", { state: "attached", timeout: 15000 });
    const data = await page.evaluate(() => ({ ...document.body.dataset }));
    assert.equal(data.check, "true");
    assert.equal(data.denied, "false");
    assert.ok(data.view.split(",").includes("mc.security"), data.view);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
    rmSync(out, { recursive: true, force: true });
  }
});
