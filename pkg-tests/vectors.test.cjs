// The decision vectors against the package loaded with require(): usable synchronously.
const { test } = require("node:test");
const { Engine } = require("rolecascade");

test("require() gives a ready engine", () => {
  const e = Engine.bizagi();
  if (e.roles().length === 0) throw new Error("no roles");
});

test("vectors (CJS)", async () => {
  const { vectorFiles, runFile } = await import("./vectors-runner.mjs");
  for (const { name, file } of vectorFiles()) runFile(Engine, name, file);
});
