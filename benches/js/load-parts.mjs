// Where a large load goes in wasm, in a fresh process: the package's JavaScript reader (the
// directory object into numbers) and the runtime module's `loadFlat`, timed apart, then
// `loadFlat` twice more in the same process (memory already grown, code already optimized).
// `node benches/js/load-parts.mjs [companies]` (default 10: 100,000 users); prints JSON (ms).
import { readFileSync } from "node:fs";
import { generate } from "./gen.mjs";
import { modelInfo } from "../../js/engine.mjs";
import { readDirectory } from "../../js/directory.mjs";

const companies = Number(process.argv[2] || 10);
const gen = generate(companies, 10_000);
const R = await import("../../pkg/web/rolecascade_runtime.js");
R.initSync({ module: readFileSync(new URL("../../pkg/web/rolecascade_runtime_bg.wasm", import.meta.url)) });
const info = modelInfo(R.RawEngine.bizagi().modelInfo());
const ms = (f) => {
  const t = performance.now();
  f();
  return +(performance.now() - t).toFixed(1);
};
let flat;
const read = ms(() => (flat = readDirectory(info, gen.directory)));
const loads = [0, 1, 2].map(() => {
  const raw = R.RawEngine.bizagi();
  const t = ms(() => raw.loadFlat(flat.text, flat.lens, flat.ops, flat.assignments));
  raw.free();
  return t;
});
console.log(JSON.stringify({ users: gen.users, assignments: gen.assignments, read, loadFlat: loads }));
