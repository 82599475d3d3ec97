// Cold start-up, rolecascade against CASL, as issue 11 measures it: `node benches/js/cold-run.mjs
// [runs]` (default 11) writes the 10,000-user benchmark directory to target/, then runs
// `cold.mjs` in fresh processes, alternating the engines, and prints the medians (and every run)
// as JSON. `benches/run.mjs` calls `coldRuns()` with the directory it has already written.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generate } from "./gen.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * `runs` fresh processes per engine, alternating which goes first, on the directory in `file`
 * (the benchmark directory's JSON). Returns `{ question, answer, rolecascade, casl, ratio }`, each
 * engine as `{ median, runs }` in milliseconds, `ratio` rolecascade's median over CASL's.
 */
export function coldRuns(runs = 11, file = `${root}target/bench-directory.json`) {
  const d = JSON.parse(readFileSync(file, "utf8"));
  const q = [d.assignments[0].user, "project.read", d.scopes.find((x) => x.split("/").length === 3)];
  const out = { rolecascade: [], casl: [] };
  for (let i = 0; i < runs; i++) {
    for (const engine of i % 2 ? ["casl", "rolecascade"] : ["rolecascade", "casl"]) {
      out[engine].push(JSON.parse(execFileSync(process.execPath, [`${root}benches/js/cold.mjs`, engine, file, ...q], { encoding: "utf8" })));
    }
  }
  const answers = new Set([...out.rolecascade, ...out.casl].map((r) => r.answer));
  if (answers.size !== 1) throw new Error("the engines disagree on the first answer");
  const result = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { median: +median(v.map((r) => r.ms)).toFixed(2), runs: v.map((r) => +r.ms.toFixed(1)) }]));
  return { question: q, answer: [...answers][0], ...result, ratio: result.rolecascade.median / result.casl.median };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const gen = generate(1, 10_000);
  const file = `${root}target/bench-directory.json`;
  writeFileSync(file, JSON.stringify(gen.directory ?? gen));
  console.log(JSON.stringify(coldRuns(Number(process.argv[2] || 11), file), null, 1));
}
