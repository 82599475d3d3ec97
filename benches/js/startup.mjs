// Start-up, in a fresh process: `node benches/js/startup.mjs <engine> <directory.json> <user>
// <permission> <scope> [warm]`. Prints the phases in milliseconds as JSON: importing the library
// (and, for wasm engines, compiling and instantiating the module), loading the model, loading the
// directory, and answering a first question. The directory's text is read before timing starts.
// With `warm`, it then loads again (model and directory, first answer) several times and adds
// `warm` (and, for rolecascade, `warmModel`), the medians of those later loads.
//
// Warm loads run here rather than in the benchmark's own process on purpose: there, Cedar's
// adapter is already optimized, and building a new Cedar engine then asking it a question has
// made Node 20 abort (see "Node and V8" in BENCHMARKS.md).

import { readFileSync } from "node:fs";

const [engine, file, u, p, s, warm] = process.argv.slice(2);
const WARM_RUNS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const text = readFileSync(file, "utf8");
await import("./scenario.mjs"); // the peers' encodings read models/bizagi.json: not their cost
const now = () => performance.now();
const out = {};
let t = now();
const lap = (phase) => {
  const x = now();
  out[phase] = x - t;
  t = x;
};
const t0 = t;

if (engine === "rolecascade") {
  const pkg = new URL("../../pkg/", import.meta.url);
  const { Engine, initSync } = await import(new URL("index.web.mjs", pkg));
  lap("import");
  initSync({ module: readFileSync(new URL("web/rolecascade_runtime_bg.wasm", pkg)) });
  lap("instantiate");
  const e = Engine.bizagi();
  lap("model");
  e.loadDirectory(text);
  lap("directory");
  out.answer = e.check(u, p, s);
  lap("first");
  out.total = now() - t0;
  Engine.bizagi(); // the same call again, in the same process: what was a one-time cost
  lap("modelAgain");
  if (warm) {
    const models = [];
    const loads = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      let x = now();
      Engine.bizagi().free();
      models.push(now() - x);
      x = now();
      const e2 = Engine.bizagi(text);
      e2.check(u, p, s);
      loads.push(now() - x);
      e2.free();
    }
    out.warmModel = median(models);
    out.warm = median(loads);
  }
} else if (engine === "casl" || engine === "cedar" || engine === "casbin") {
  const peer = await import(`./peers/${engine}.mjs`);
  lap("import"); // for Cedar this compiles and instantiates its wasm (the nodejs entry does so on import)
  const e = engine === "casbin" ? await peer.Engine.create(text) : new peer.Engine(text);
  lap("directory"); // the model is part of the encoding: policies, rules, schema
  out.answer = e.check(u, p, s);
  lap("first");
  out.total = now() - t0;
  if (warm) {
    const loads = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const x = now();
      const e2 = engine === "casbin" ? await peer.Engine.create(text) : new peer.Engine(text);
      e2.check(u, p, s);
      loads.push(now() - x);
    }
    out.warm = median(loads);
  }
} else {
  throw new Error(`unknown engine '${engine}'`);
}
out.total ??= now() - t0;
process.stdout.write(JSON.stringify(out));
