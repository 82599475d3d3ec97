// Where a cold start goes, in one fresh process: importing the package, building the engine of
// the default model with the benchmark directory (an object, parsed before timing), and the
// first answer; wall time and the process's CPU time (steadier on a busy machine) for each.
// `node benches/js/phases.mjs [directory.json]`.
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? new URL("../../target/bench-directory.json", import.meta.url);
const directory = JSON.parse(readFileSync(file, "utf8"));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const marks = [[performance.now(), cpu()]];
const mark = () => marks.push([performance.now(), cpu()]);
const { Engine } = await import("rolecascade");
mark();
const e = Engine.bizagi(directory);
mark();
e.check("u0@c0.test", "project.read", "c0/automation/automation-p0");
mark();
const out = {};
["import", "engine", "check"].forEach((name, i) => {
  out[name] = { ms: +(marks[i + 1][0] - marks[i][0]).toFixed(2), cpu: +(marks[i + 1][1] - marks[i][1]).toFixed(2) };
});
console.log(JSON.stringify(out));
