// Cold start-up, rolecascade against CASL: `node benches/js/cold-run.mjs [runs]` (default 11)
// writes the 10,000-user benchmark directory to target/, then runs `cold.mjs` in fresh
// processes, alternating the engines, and prints the medians (and every run) as JSON.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generate } from "./gen.mjs";

const RUNS = Number(process.argv[2] || 11);
const root = fileURLToPath(new URL("../../", import.meta.url));
const gen = generate(1, 10_000);
const file = `${root}target/bench-directory.json`;
writeFileSync(file, JSON.stringify(gen.directory ?? gen));
const d = gen.directory ?? gen;
const q = [d.assignments[0].user, "project.read", d.scopes.find((x) => x.split("/").length === 3)];
const runs = { rolecascade: [], casl: [] };
for (let i = 0; i < RUNS; i++) {
  for (const engine of i % 2 ? ["casl", "rolecascade"] : ["rolecascade", "casl"]) {
    const out = JSON.parse(execFileSync(process.execPath, [`${root}benches/js/cold.mjs`, engine, file, ...q], { encoding: "utf8" }));
    runs[engine].push(out);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const answers = new Set([...runs.rolecascade, ...runs.casl].map((r) => r.answer));
if (answers.size !== 1) throw new Error("the engines disagree on the first answer");
const result = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { median: +median(v.map((r) => r.ms)).toFixed(2), runs: v.map((r) => +r.ms.toFixed(1)) }]));
console.log(JSON.stringify({ question: q, answer: [...answers][0], ...result }, null, 1));
