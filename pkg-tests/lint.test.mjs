// The package as the tools users run judge it: @arethetypeswrong/cli (every entry point's types
// resolve, in the right format, for node10, node16 from CommonJS and from ESM, and bundlers) and
// publint (exports, files, formats), both on the tarball `npm pack` makes of pkg/, with nothing
// to report at any level.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");

function packed(t) {
  const dir = mkdtempSync(join(tmpdir(), "rolecascade-pack-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [{ filename, files }] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", dir, "--loglevel=error"], { cwd: pkg, encoding: "utf8" }));
  return { tarball: join(dir, filename), files: files.map((f) => f.path) };
}

test("the tarball holds the entries, declarations, wasm files, models and schema", (t) => {
  const { files } = packed(t);
  for (const f of ["index.web.mjs", "index.node.mjs", "index.node.cjs", "index.workerd.mjs", "inline.mjs", "inline.cjs", "inline.node.mjs", "inline.node.cjs", "inline-authoring.mjs", "rolecascade.d.ts", "rolecascade.d.cts", "models/bizagi.json", "models/bizagi.d.ts", "models/bizagi.d.cts", "models/saas.json", "models/devhub.json", "models/model.schema.json", "web/rolecascade_runtime_bg.wasm", "web/rolecascade_runtime_bg.wasm.d.ts", "web/rolecascade_runtime_speed_bg.wasm", "web/rolecascade_authoring_bg.wasm", "README.md", "package.json"]) {
    assert.ok(files.includes(f), `${f} is not in the tarball`);
  }
});

test("arethetypeswrong finds no problem", (t) => {
  const { tarball } = packed(t);
  let out;
  try {
    out = execFileSync(join(root, "node_modules", ".bin", "attw"), [tarball, "--format", "json"], { encoding: "utf8" });
  } catch (e) {
    out = e.stdout;
  }
  const { analysis } = JSON.parse(out);
  assert.deepEqual(analysis.problems, []);
  const entries = Object.keys(analysis.entrypoints);
  for (const e of [".", "./inline", "./rolecascade_runtime_bg.wasm", "./rolecascade_authoring_bg.wasm"]) assert.ok(entries.includes(e), `${e} analysed: ${entries}`);
});

test("publint has nothing to say, suggestions included", async (t) => {
  const { tarball } = packed(t);
  const buf = readFileSync(tarball);
  const { messages } = await publint({ level: "suggestion", pack: { tarball: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) } });
  assert.deepEqual(messages, []);
});
