// The decision vectors against the package imported by name as an ES module.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "rolecascade";
import { vectorFiles, runFile } from "./vectors-runner.mjs";

for (const { name, file } of vectorFiles()) {
  test(`vectors ${name} (ESM)`, () => {
    runFile(Engine, name, file);
  });
  test(`vectors ${name} (ESM), every case on the authoring module`, () => {
    runFile(Engine, name, file, { authoring: true });
  });
}

test("the vector files are not empty", () => {
  const total = vectorFiles().reduce((n, { file }) => n + (file.cases ? file.cases.length : 0), 0);
  assert.ok(total > 0);
});
