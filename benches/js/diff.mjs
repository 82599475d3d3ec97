// Engine.diff in the package (wasm, in Node): the default model against five edits of it over the
// generated 10,000-user directory (benches/js/gen.mjs), everything included: both models compiled,
// the directory read and carried over, the answer built as JavaScript objects. Median of 5.
// `node benches/js/diff.mjs` after `make pkg`.
import { Engine } from "rolecascade";
import { readFileSync } from "node:fs";
import { generate } from "./gen.mjs";

const model = JSON.parse(readFileSync(new URL("../../models/bizagi.json", import.meta.url), "utf8"));
const g = generate(1, 10_000);
const text = typeof g === "string" ? g : g.json ?? JSON.stringify(g);
const role = (m, id) => m.roles.find((r) => r.id === id);
const EDITS = {
  same: () => {},
  grant: (m) => (role(m, "project-owner").grants = role(m, "project-owner").grants.filter((x) => x !== "project.delete")),
  inherit: (m) => (role(m, "project-contributor").inherits = ["environment-basic"]),
  condition: (m) => (m.permissions.find((p) => p.id === "portal.studio").when = { attr: "service", in: ["studio", "automation"] }),
  default: (m) => (m.groups[0].default = "developer"),
  levels: (m) => m.levels[1].attributes.service.values.push("mining"),
};

Engine.diff(null, null); // the authoring module, loaded once
console.log("diff_case  gained     lost  diff_ms");
for (const [name, edit] of Object.entries(EDITS)) {
  const after = structuredClone(model);
  edit(after);
  const times = [];
  let d;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    d = Engine.diff(null, after, text);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padStart(9)}  ${String(d.gained.length).padStart(6)}  ${String(d.lost.length).padStart(7)}  ${times[2].toFixed(1).padStart(7)}`);
}
