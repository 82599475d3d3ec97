// Loads a folder's index.html in headless Chromium (Debian's, through playwright-core) over a
// local server and waits for the page to set `data-ready` on its body: returns the body's data
// attributes, every URL the page fetched, and its errors. Shared by the bundler and React tests.
import { chromium } from "playwright-core";
import { serve } from "../scripts/serve.mjs";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function runPage(dir, { timeout = 20_000 } = {}) {
  const server = await serve(dir, 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS, timeout });
  try {
    const page = await browser.newPage();
    const fetched = [];
    const errors = [];
    page.on("request", (r) => fetched.push(r.url().startsWith(base) ? r.url().slice(base.length) : r.url()));
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(base);
    await page.waitForSelector("body[data-ready]", { state: "attached", timeout }).catch(() => {
      throw new Error(`the page did not finish: ${errors.join("; ")}`);
    });
    const data = await page.evaluate(() => ({ ...document.body.dataset }));
    return { data, fetched, errors };
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}

/** A page that runs `script` (a module or a classic script). */
export function indexHtml(script, { module = true } = {}) {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><div id="root"></div><script ${module ? 'type="module" ' : ""}src="./${script}"></script></body></html>`;
}
