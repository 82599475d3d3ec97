// Ids typed by the model, end to end: `rolecascade types` writes a model's declarations, which
// type an engine of that model (a misspelt id a compile error, the rest compiling); the
// default model's, shipped in the package, autocomplete in an editor; and `rolecascade compile`
// writes a model the package's `Engine.fromCompiled` answers from as `Engine.fromModel` does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { Engine } from "rolecascade";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const bin = join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "release", "rolecascade");
const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
};

// A folder inside pkg-tests, so that `rolecascade` resolves to the package as a user's would.
function scratch(t) {
  const dir = mkdtempSync(join(here, ".types-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function diagnostics(files) {
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.split("/").pop()}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

test("rolecascade types writes declarations that type an engine of that model", (t) => {
  const dir = scratch(t);
  execFileSync(bin, ["types", join(root, "models", "saas.json"), "-o", join(dir, "saas.d.ts")]);
  const declared = readFileSync(join(dir, "saas.d.ts"), "utf8");
  assert.match(declared, /export type Permission =\n {2}\| "/);
  writeFileSync(
    join(dir, "app.ts"),
    `import { Engine } from "rolecascade";
import type { Ids, Engine as SaasEngine, Permission } from "./saas.js";
const saas: SaasEngine = Engine.fromModel<Ids>("{}");
const p: Permission = "repo.write";
saas.check("ada", p, "acme/prod/api");
saas.view("ada", "acme/prod/api").has("repo.read");
saas.check("ada", "repo.writ", "acme/prod/api");
saas.assign("ada", "no-such-role", "acme/prod");
Engine.fromModel("{}").check("ada", "repo.writ", "acme/prod/api");
`,
  );
  const found = diagnostics([join(dir, "app.ts")]);
  assert.deepEqual(found, [
    `app.ts:7 Argument of type '"repo.writ"' is not assignable to parameter of type 'Permission'.`,
    `app.ts:8 Argument of type '"no-such-role"' is not assignable to parameter of type 'Role'.`,
  ]);
  // Every id of the model is in the declarations, and nothing else.
  const model = JSON.parse(readFileSync(join(root, "models", "saas.json"), "utf8"));
  const union = (name) => [...declared.split(`export type ${name} =\n`)[1].split(";")[0].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
  assert.deepEqual(union("Permission"), model.permissions.map((p) => p.id).sort());
  assert.deepEqual(union("Role"), model.roles.map((r) => r.id).sort());
  assert.deepEqual(union("Level"), model.levels.map((l) => l.id).sort());
  assert.deepEqual(union("ContextKey"), Object.keys(model.context ?? {}).sort());
});

test("the shipped declarations of the default model match `rolecascade types`", () => {
  const shipped = readFileSync(join(root, "pkg", "models", "bizagi.d.ts"), "utf8");
  const fresh = execFileSync(bin, ["types", join(root, "models", "bizagi.json"), "--import-from", "../rolecascade.js"], { encoding: "utf8" });
  assert.equal(shipped, fresh);
  const describe = Engine.bizagi().describe();
  for (const p of describe.permissions) assert.ok(shipped.includes(`  | ${JSON.stringify(p.id)}`), p.id);
});

test("the default model's permissions autocomplete in view().has(", (t) => {
  const dir = scratch(t);
  const file = join(dir, "edit.ts");
  const text = `import { Engine } from "rolecascade";\nEngine.bizagi().view("ana", "acme").has("");\n`;
  writeFileSync(file, text);
  const host = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (f) => (ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)) : undefined),
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const at = text.indexOf('has("') + 5;
  const names = service.getCompletionsAtPosition(file, at, {}).entries.map((e) => e.name);
  const ids = Engine.bizagi().describe().permissions.map((p) => p.id);
  assert.deepEqual([...names].sort(), [...ids].sort());
  assert.ok(names.includes("mc.track"));
});

test("rolecascade compile writes what Engine.fromCompiled answers from as the document does", (t) => {
  const dir = scratch(t);
  const vectors = JSON.parse(readFileSync(join(root, "tests", "vectors", "saas.json"), "utf8"));
  const modelText = readFileSync(join(root, "models", "saas.json"), "utf8");
  for (const strip of [false, true]) {
    const out = join(dir, strip ? "saas-stripped.rcm" : "saas.rcm");
    execFileSync(bin, ["compile", join(root, "models", "saas.json"), "-o", out, ...(strip ? ["--strip"] : [])]);
    const compiled = Engine.fromCompiled(readFileSync(out), vectors.directory);
    const fromModel = Engine.fromModel(modelText, vectors.directory);
    const dirDoc = fromModel.exportDirectory();
    const users = [...new Set(Object.values(dirDoc.members).flat())];
    const permissions = fromModel.describe().permissions.map((p) => p.id);
    let asked = 0;
    for (const scope of dirDoc.scopes) {
      for (const user of users) {
        assert.deepEqual(compiled.permissions(user, scope), fromModel.permissions(user, scope), `${user} ${scope}`);
        for (const p of permissions) {
          let a, b;
          try {
            a = compiled.explain(user, p, scope);
          } catch (e) {
            a = e.code;
          }
          try {
            b = fromModel.explain(user, p, scope);
          } catch (e) {
            b = e.code;
          }
          assert.deepEqual(a, b, `${user} ${p} ${scope}`);
          asked++;
        }
      }
    }
    assert.ok(asked > 500, `${asked} questions`);
    if (!strip) assert.deepEqual(compiled.roles(), fromModel.roles());
  }
  const bytes = readFileSync(join(dir, "saas.rcm"));
  bytes[5] ^= 1; // another format version
  assert.throws(() => Engine.fromCompiled(bytes), { code: "invalid_model", message: /format version/ });
});
