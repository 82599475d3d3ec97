// The page a portal UI is: loaded in Chromium from the package's browser entry, it calls
// `await init()`, builds the default model's engine from a small directory given as an object
// (the nested form), and answers `check` and `view().has()`. It must answer right, download
// nothing of the authoring module, and download at most 40 KB gzipped in all (JS and wasm).
// benches/js/page-size.mjs reports the same figures for BENCHMARKS.md.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pageDownloads, BUDGET } from "../benches/js/page-size.mjs";

test("a page that checks downloads the runtime only, within 40 KB gzipped", { timeout: 120_000 }, async () => {
  const { answers, files, total } = await pageDownloads();
  assert.deepEqual(answers, { check: true, denied: false, has: true, hasNot: false, list: true, error: "level_mismatch" });
  const names = files.map((f) => f.name);
  assert.ok(names.some((n) => n.endsWith("rolecascade_runtime_bg.wasm")), `the runtime wasm is loaded: ${names}`);
  assert.ok(!names.some((n) => n.includes("authoring") || n.endsWith("full.mjs")), `nothing of the authoring module: ${names}`);
  assert.ok(total <= BUDGET, `${total} bytes gzipped (${files.map((f) => `${f.name} ${f.gz}`).join(", ")}) over ${BUDGET}`);
});
