// Cold start-up as the runtime issue measures it, in a fresh process:
// `node benches/js/cold.mjs <rolecascade|casl> <directory.json> <user> <permission> <scope>`.
// The directory is read and parsed before timing (JSON.parse is not counted); then the package
// is imported, an engine built from the object, and one question answered. Prints
// `{ ms, answer }` as JSON. `cold-run.mjs` alternates engines over fresh processes.
import { readFileSync } from "node:fs";

const [engine, file, u, p, s] = process.argv.slice(2);
const directory = JSON.parse(readFileSync(file, "utf8"));
const t0 = performance.now();
let answer;
if (engine === "rolecascade") {
  const { Engine } = await import("rolecascade");
  answer = Engine.bizagi(directory).check(u, p, s);
} else if (engine === "casl") {
  const { Engine } = await import("./peers/casl.mjs");
  answer = new Engine(directory).check(u, p, s);
} else {
  throw new Error(`unknown engine '${engine}'`);
}
console.log(JSON.stringify({ ms: performance.now() - t0, answer }));
