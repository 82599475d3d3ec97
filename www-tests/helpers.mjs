// Shared by the page tests: a server for www/, Debian's Chromium, pages that record every console
// error and off-machine request, and the expectations computed with the package in Node.
import { readFileSync, readdirSync, mkdirSync, copyFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { Engine } from "rolecascade";
import { serve } from "../scripts/serve.mjs";
import { readModel, DirectoryIndex } from "../www/shared/model.mjs";
import { Words } from "../www/shared/words.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const www = join(root, "www");
export const read = (...p) => readFileSync(join(root, ...p), "utf8");
export const sampleText = read("www", "samples", "bizagi.json");
export const modelDoc = JSON.parse(read("models", "bizagi.json"));
/** The shipped models: every models/*.json but the schema. */
export const shippedModels = readdirSync(join(root, "models")).filter((f) => f.endsWith(".json") && !f.includes("schema")).map((f) => f.slice(0, -5));
export const LIMIT = { timeout: 120_000 }; // per test; every browser action also times out after 10 s
// Applying a model compiles it and reloads the directory in the page: on a busy machine, more than 10 s.
export const APPLIED = { timeout: 30_000 };

/** Waits until the page says the model was applied; if it does not, fails saying what it says. */
export async function applied(page) {
  try {
    await page.waitForSelector("#model-message[data-applied]", APPLIED);
  } catch (e) {
    const said = await page.$eval("#model-message", (m) => `${m.className}: ${m.textContent}`).catch((x) => `(unreadable: ${x.message})`);
    throw new Error(`the model was not applied within ${APPLIED.timeout / 1000} s; the model message says ${JSON.stringify(said)}`, { cause: e });
  }
}
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function start() {
  const server = await serve(www, 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  // launch() gives every run a fresh, temporary user-data-dir and removes it on close.
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS, timeout: 20_000 });
  return {
    base,
    browser,
    async stop() {
      await browser.close();
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Opens a page in a fresh context; records console errors, failed and off-machine requests. */
export async function open(env, path, { width = 1280, height = 800, context } = {}) {
  const ctx = context ?? (await env.browser.newContext({ viewport: { width, height }, acceptDownloads: true }));
  ctx.setDefaultTimeout(10_000);
  const errors = [];
  // Works offline: anything but the local server is refused and reported.
  await ctx.route(/^(?!http:\/\/127\.0\.0\.1:\d+\/)(?!blob:)(?!data:)/, (route) => {
    errors.push(`off-machine request: ${route.request().url()}`);
    return route.abort();
  });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => errors.push(`page error: ${e}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  const t0 = Date.now();
  await page.goto(env.base + path);
  try {
    await page.waitForSelector("body[data-ready=yes]", { state: "attached", timeout: 20_000 });
  } catch (e) {
    throw new Error(`${path || "index.html"} did not start: ${errors.join("; ") || e.message}`);
  }
  return { page, errors, ms: Date.now() - t0, context: ctx, close: () => ctx.close() };
}

/**
 * A screenshot into test-artifacts/www/; with SCREENSHOTS=1 (`make screenshots`) also into
 * docs/screenshots/ for the README, so that a test run leaves the working tree as it was.
 */
export async function screenshot(page, name, { full = false, element } = {}) {
  const artifacts = join(root, "test-artifacts", "www");
  mkdirSync(artifacts, { recursive: true });
  if (element) await page.locator(element).screenshot({ path: join(artifacts, name) });
  else await page.screenshot({ path: join(artifacts, name), fullPage: full });
  if (process.env.SCREENSHOTS === "1") {
    mkdirSync(join(root, "docs", "screenshots"), { recursive: true });
    copyFileSync(join(artifacts, name), join(root, "docs", "screenshots", name));
  }
}

export function artifact(name, text) {
  const dir = join(root, "test-artifacts", "www");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

/** What the engine says about every permission askable at the scope: id -> held. */
export function answers(engine, user, scope, context) {
  const out = {};
  for (const p of engine.matrix().permissions) {
    try {
      out[p] = engine.check(user, p, scope, context);
    } catch (e) {
      if (e.code !== "level_mismatch") throw e;
    }
  }
  return out;
}

export const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** The pages' own words, composed in Node from the same engine answers. */
export function wordsFor(engine, context, viewer) {
  const meta = readModel(engine);
  const index = new DirectoryIndex(engine.exportDirectory(), meta);
  return new Words(engine, meta, index, context, viewer);
}

export const bizagi = (directory = sampleText) => Engine.bizagi(directory);

/** Ids a reader should not see: permission ids, role ids, denial codes, scope paths. */
export function idsIn(text, engine) {
  const found = [];
  const m = engine.matrix();
  for (const p of m.permissions) if (text.includes(p)) found.push(p);
  const labels = [...engine.roles().map((r) => r.label), ...engine.describe().permissions.map((p) => p.label)].join(" ").toLowerCase();
  for (const r of m.roles) if (!labels.includes(r.toLowerCase()) && new RegExp(`(^|[^\\w-])${r.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^\\w-]|$)`).test(text)) found.push(r);
  for (const code of ["unknown_scope", "unknown_user", "no_grant", "role_unavailable", "not_allowed", "self_assignment", "not_a_member", "canAssign", "whoCan", "portals()", "askable"]) if (text.includes(code)) found.push(code);
  for (const path of text.match(/\b[\w-]+\/[\w-]+(\/[\w-]+)*/g) ?? []) found.push(path);
  return found;
}

/** The explorer's buttons under "Access": id -> enabled. */
export function shown(page) {
  return page.$$eval("#panel-view [data-permission]", (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.permission, e.getAttribute("aria-disabled") === "false"])));
}

/** Picks a person and a scope with the explorer's own controls (the picker and the scope search). */
export async function pick(page, user, scope) {
  if ((await page.inputValue("#user")) !== user) {
    await page.fill("#user", user);
    await page.click(`[role=option][data-user="${user}"]`);
  }
  if ((await page.getAttribute("#main", "data-scope")) !== scope) {
    if (!(await page.isVisible("#scope-search"))) await page.click("#scope-toggle");
    await page.fill("#scope-search", scope);
    await page.click(`#scope-box .results [data-scope="${scope}"]`);
    await page.fill("#scope-search", "");
  }
  await page.waitForSelector(`#main[data-user="${user}"][data-scope="${scope}"]`, { state: "attached" });
  if (await page.isVisible("#panel-view")) await page.waitForSelector(`#panel-view h2[data-user="${user}"][data-scope="${scope}"]`);
}

/** Goes to a state through the address, as a shared link would. */
export async function go(page, params) {
  const hash = new URLSearchParams(params).toString();
  await page.evaluate((h) => (location.hash = h), hash);
}
