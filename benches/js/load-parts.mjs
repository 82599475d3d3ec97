// Where a large load goes in wasm, in a fresh process: the package's readers (the JSON text read
// where it stands, `readDirectoryText`; the same text parsed and the object read, `JSON.parse`
// then `readDirectory`), timed apart, and the runtime module's `loadFlat` three times over the
// text reader's numbers (the first grows the memory and compiles; the others do neither).
// `node benches/js/load-parts.mjs [companies]` (default 10: 100,000 users); prints JSON (ms).
import { readFileSync } from "node:fs";
import { generate } from "./gen.mjs";
import { modelInfo } from "../../js/engine.mjs";
import { readDirectory, readDirectoryText } from "../../js/directory.mjs";

const companies = Number(process.argv[2] || 10);
const gen = generate(companies, 10_000);
const json = gen.json;
gen.directory = undefined;
const R = await import("../../pkg/web/rolecascade_runtime.js");
// The build Node loads (the one for speed).
R.initSync({ module: readFileSync(new URL("../../pkg/web/rolecascade_runtime_speed_bg.wasm", import.meta.url)) });
const info = modelInfo(R.RawEngine.bizagi().modelInfo());
const ms = (f) => {
  const t = performance.now();
  f();
  return +(performance.now() - t).toFixed(1);
};
let flat;
const textRead = ms(() => (flat = readDirectoryText(json)));
let doc;
const parse = ms(() => (doc = JSON.parse(json)));
const objectRead = ms(() => readDirectory(info, doc));
doc = undefined;
const loads = [0, 1, 2].map(() => {
  const raw = R.RawEngine.bizagi();
  const t = ms(() => raw.loadFlat(flat.text, flat.lens, flat.ops, flat.assignments));
  raw.free();
  return t;
});
console.log(JSON.stringify({ users: gen.users, assignments: gen.assignments, textRead, parse, objectRead, loadFlat: loads }));
