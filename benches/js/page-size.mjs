// What a page that only answers downloads: the package's browser entry in Chromium, `await
// init()`, `Engine.bizagi(directory)` with a small nested directory given as an object, `check`
// and `view().has()`. Every file the page fetches from the package, with its size gzipped
// (`gzip -9`, as a server compressing ahead of time would send it). Run directly, it prints
// them; pkg-tests/page.test.mjs holds the page to the budget.
import { mkdtempSync, cpSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BUDGET = 40_000;
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>rolecascade: a page that checks</title>
<script type="module">
  import init, { Engine } from "./pkg/index.web.mjs";
  await init();
  const e = Engine.bizagi({
    companies: [{ id: "acme", users: ["ana@acme.test", "bo@acme.test"], subscriptions: [
      { service: "automation", users: ["ana@acme.test"], projects: [{ id: "claims", environments: ["testing", "production"] }] },
    ] }],
    assignments: [{ user: "ana@acme.test", role: "subscription-owner", scope: "acme/automation" }],
  });
  const view = e.view("ana@acme.test", "acme/automation/claims");
  let error;
  try { e.check("ana@acme.test", "project.delete", "acme"); } catch (err) { error = err.code; }
  window.answers = {
    check: e.check("ana@acme.test", "project.delete", "acme/automation/claims"),
    denied: e.check("bo@acme.test", "project.delete", "acme/automation/claims"),
    has: view.has("project.delete"),
    hasNot: e.view("bo@acme.test", "acme/automation/claims").has("project.delete"),
    list: view.list().includes("project.delete"),
    error,
  };
  document.body.dataset.ready = "yes";
</script>
<body></body>`;

/** Loads the page; returns its answers and every package file it downloaded, gzipped sizes. */
export async function pageDownloads() {
  const dir = mkdtempSync(join(tmpdir(), "rolecascade-page-"));
  cpSync(join(root, "pkg"), join(dir, "pkg"), { recursive: true });
  writeFileSync(join(dir, "index.html"), PAGE);
  const server = await serve(dir, 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS, timeout: 20_000 });
  try {
    const page = await browser.newPage();
    const fetched = [];
    const errors = [];
    page.on("response", (r) => fetched.push(r.url()));
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base);
    await page.waitForSelector("body[data-ready=yes]", { state: "attached", timeout: 20_000 }).catch(() => {
      throw new Error(`the page did not answer: ${errors.join("; ")}`);
    });
    const answers = await page.evaluate(() => window.answers);
    const files = fetched
      .filter((u) => u.startsWith(base + "pkg/"))
      .map((u) => {
        const name = u.slice(base.length);
        const body = readFileSync(join(dir, name));
        return { name, bytes: body.length, gz: gzipSync(body, { level: 9 }).length };
      });
    return { answers, files, total: files.reduce((n, f) => n + f.gz, 0) };
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, total } = await pageDownloads();
  for (const f of files) console.log(`${f.name.padEnd(42)} ${String(f.bytes).padStart(7)} bytes ${String(f.gz).padStart(7)} gzipped`);
  console.log(`${"total".padEnd(42)} ${" ".repeat(13)} ${String(total).padStart(7)} gzipped (budget ${BUDGET})`);
  console.log(JSON.stringify({ pageBytesGzipped: total, files }));
}
