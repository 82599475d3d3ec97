// The decision vectors against the package imported by name as an ES module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "rolecascade";
import { vectorFiles, runFile } from "./vectors-runner.mjs";
import { readFileSync } from "node:fs";
import { nodeEntry } from "../pkg/engine.mjs";
import { fullMethods } from "../pkg/full.mjs";

// Node's entry loads the runtime module built for speed; pages load the one built for size. The
// same entry over the size-built module (glue instances of their own):
const sizeGlue = await import("../pkg/web/rolecascade_runtime.js?size");
const sizeAuthoring = await import("../pkg/web/rolecascade_authoring.js?size");
const asked = [];
const { Engine: SizeEngine } = nodeEntry({
  readFileSync,
  here: (file) => {
    asked.push(file);
    return new URL(`../pkg/web/${file === "rolecascade_runtime_speed_bg.wasm" ? "rolecascade_runtime_bg.wasm" : file}`, import.meta.url);
  },
  runtime: { init: sizeGlue.default, initSync: sizeGlue.initSync, RawEngine: sizeGlue.RawEngine },
  authoringGlue: () => sizeAuthoring,
  fullMethods,
});

for (const { name, file } of vectorFiles()) {
  test(`vectors ${name} (ESM)`, () => {
    runFile(Engine, name, file);
  });
  test(`vectors ${name} (ESM), every case on the authoring module`, () => {
    runFile(Engine, name, file, { authoring: true });
  });
  test(`vectors ${name} (ESM), on the runtime module built for size`, () => {
    runFile(SizeEngine, name, file);
  });
}

test("the vector files are not empty", () => {
  const total = vectorFiles().reduce((n, { file }) => n + (file.cases ? file.cases.length : 0), 0);
  assert.ok(total > 0);
});

test("Node's entry asks for the runtime module built for speed", () => {
  SizeEngine.bizagi();
  assert.equal(asked[0], "rolecascade_runtime_speed_bg.wasm");
});
