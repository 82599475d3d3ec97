// Writes BENCHMARKS.md from one run's figures (nothing in it is typed by hand but the prose).

import { writeFileSync } from "node:fs";

const KIB = 1024;

/** Three significant figures with a unit: 8.1 ns, 194 ns, 1.43 µs, 284 µs, 213 ms. */
export function fmtNs(ns) {
  if (ns === null || ns === undefined || Number.isNaN(ns)) return "n/a";
  const [v, u] = ns < 1e3 ? [ns, "ns"] : ns < 1e6 ? [ns / 1e3, "µs"] : ns < 1e9 ? [ns / 1e6, "ms"] : [ns / 1e9, "s"];
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ${u}`;
}
const fmtMs = (ms) => fmtNs(ms * 1e6);
const fmtRatio = (x) => (x >= 100 ? `${Math.round(x).toLocaleString("en-US")}×` : x >= 10 ? `${x.toFixed(0)}×` : `${x.toFixed(1)}×`);
const fmtBytes = (b) => (b === 0 ? "0" : `${(b / KIB).toFixed(b < 10 * KIB ? 1 : 0)} KiB`);
const int = (n) => Math.round(n).toLocaleString("en-US");

const PEERS = ["CASL", "Cedar", "Casbin"];

export function writeReport(out, r) {
  const T = (k) => r.timing.get(k)?.median;
  const q = (k) => r.timing.get(k);
  const rc = (op) => T(`${op}.rolecascade`);
  const cell = (op, name) => {
    const v = T(`${op}.${name}`);
    if (v === undefined) return "n/a";
    return name === "rolecascade" ? `**${fmtNs(v)}**` : `${fmtNs(v)} (${fmtRatio(v / rc(op))})`;
  };
  const b = r.bundles;
  const total = (x) => x.jsGz + x.wasmGz;
  const s = r.startup;
  const cold = (name) => s[name].total;
  const n = r.native;
  const nb = (k) => n?.benches?.[k]?.median;
  const scale = (label) => n?.scales?.find((x) => x.scale === label);
  const L = [];
  const p = (...xs) => L.push(...xs);

  // ------------------------------------------------------------------------------------------
  p(
    "# Benchmarks",
    "",
    "Written by `make bench` (`scripts/bench.sh`: `cargo bench --bench native`, then `node benches/run.mjs`). Every",
    "figure below is one that run printed; rerun it to get yours. Medians throughout.",
    "",
    `Run of ${r.machine.date} on commit \`${r.machine.commit}\`${r.quick ? " (**--quick**: fewer rounds, figures are rough)" : ""}.`,
    "",
    "## Headline",
    "",
    `The default model (\`models/${r.scenario.model}.json\`) with a generated directory of ${int(r.scenario.users)} users and ${int(r.scenario.assignments)} assignments, asked`,
    `the same questions in one Node process; every engine gave the same answer to every question before timing.`,
    "In parentheses: time relative to rolecascade.",
    "",
    "| | rolecascade | CASL | Cedar | Casbin |",
    "|---|---|---|---|---|",
    `| check (string API) | ${["rolecascade", ...PEERS].map((x) => cell("check", x)).join(" | ")} |`,
    `| all permissions of a user at a scope | ${["rolecascade", ...PEERS].map((x) => cell("permissions", x)).join(" | ")} |`,
    `| who can, at a scope | ${["rolecascade", ...PEERS].map((x) => cell("whoCan", x)).join(" | ")} |`,
    `| \`view().has()\` (a snapshot, then JavaScript alone) | **${fmtNs(rc("has"))}** | no such API | no such API | no such API |`,
    `| start-up, cold: import, model and directory, first answer | **${fmtMs(cold("rolecascade"))}** | ${fmtMs(cold("casl"))} | ${fmtMs(cold("cedar"))} | ${fmtMs(cold("casbin"))} |`,
    `| bundle, gzipped (minified JS + wasm) | **${fmtBytes(total(b.rolecascade))}** | ${fmtBytes(total(b.CASL))} | ${fmtBytes(total(b.Cedar))} | ${fmtBytes(total(b.Casbin))} |`,
    "",
    `The peers answer ${r.scenario.subset.length} of the model's permissions (those without prerequisites, request context or group defaults, see below);`,
    "rolecascade's figures are for the whole default model. Natively, a check takes",
    `${fmtNs(nb("check_spread/1k"))} at 1,000 assignments and ${fmtNs(nb("check_spread/1M"))} at 1,000,000 (questions spread over the directory; ${fmtNs(nb("check_ids/1M"))} for a repeated`,
    `question with interned ids), and 1,000,000 assignments load in ${scale("1M") ? fmtMs(scale("1M").load_ms) : "n/a"}.`,
    "",
  );

  // ------------------------------------------------------------------------------------------
  const has = q("has.rolecascade");
  const loopFloor = T("floor.loop");
  const startupCold = s.rolecascade.instantiate + s.rolecascade.model;
  const shipped = total(b.rolecascade);
  const ratio1M = nb("check_spread/1M") / nb("check_spread/1k");
  const ratio1Mfixed = nb("check_allowed/1M") / nb("check_allowed/1k");
  const load1M = scale("1M")?.load_ms;
  const yes = (ok) => (ok ? "met" : "**missed**");
  p(
    "## Targets",
    "",
    "| target | measured | |",
    "|---|---|---|",
    `| a string-API check from JS ≤ 200 ns | ${fmtNs(rc("check"))} | ${yes(rc("check") <= 200)} |`,
    `| \`view().has()\` ≤ 10 ns | ${fmtNs(has.median)} (the timing loop alone: ${fmtNs(loopFloor)}) | ${yes(has.median <= 10)} |`,
    `| start-up with the default model ≤ 2 ms | cold (fresh process): ${fmtMs(startupCold)} (instantiate ${fmtMs(s.rolecascade.instantiate)} + model ${fmtMs(s.rolecascade.model)}); warm: ${fmtMs(r.warm.model.median)} | ${yes(startupCold <= 2)} cold, ${yes(r.warm.model.median <= 2)} warm |`,
    `| wasm + JS glue ≤ 60 KB gzipped | ${fmtBytes(shipped)} (${int(shipped)} B: wasm ${int(b.rolecascade.wasmGz)}, JS ${int(b.rolecascade.jsGz)}) | ${yes(shipped <= 60 * KIB)} |`,
    `| check at 1M assignments within 20% of 1k | one question repeated: ${fmtNs(nb("check_allowed/1M"))} vs ${fmtNs(nb("check_allowed/1k"))} (${fmtRatio(ratio1Mfixed)}); 4,096 questions spread over the directory: ${fmtNs(nb("check_spread/1M"))} vs ${fmtNs(nb("check_spread/1k"))} (${fmtRatio(ratio1M)}) | ${yes(ratio1Mfixed <= 1.2)} repeated, ${yes(ratio1M <= 1.2)} spread |`,
    `| loading 1M assignments natively ≤ 1.5 s | ${load1M === undefined ? "n/a" : fmtMs(load1M)} | ${load1M === undefined ? "n/a" : yes(load1M <= 1500)} |`,
    "",
  );
  for (const [k, text] of Object.entries(EXPLAIN)) {
    const missed = {
      check: rc("check") > 200,
      has: has.median > 10,
      startup: startupCold > 2 || r.warm.model.median > 2,
      bundle: shipped > 60 * KIB,
      scaling: ratio1M > 1.2 || ratio1Mfixed > 1.2,
      load: load1M > 1500,
    }[k];
    if (missed) p(text(r, { T, nb, scale, s, b }), "");
  }

  // ------------------------------------------------------------------------------------------
  const m = r.machine;
  p(
    "## Machine and commands",
    "",
    `- CPU: ${m.cpu}, ${m.cores} cores (shared with other work: load average ${m.load[0].map((x) => x.toFixed(1)).join(" / ")} at the start of the JS run, ${m.load[1].map((x) => x.toFixed(1)).join(" / ")} at its end); ${m.memGiB} GiB RAM; ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8}); ${m.rustc}; rolecascade ${r.versions.rolecascade}, @casl/ability ${r.versions.CASL}, @cedar-policy/cedar-wasm ${r.versions.Cedar}, casbin ${r.versions.Casbin}`,
    `- \`make bench\` runs \`scripts/bench.sh\`: \`cargo bench --bench native | tee target/bench-native.txt\` (opt-level ${n?.optLevel || "of the release profile"}), then \`node benches/run.mjs\` (${m.seconds.toFixed(0)} s for the JavaScript half). \`node benches/run.mjs --quick\` is a faster, rougher run.`,
    "",
  );

  // ------------------------------------------------------------------------------------------
  p(
    "## JavaScript, in Node",
    "",
    "### Scenario",
    "",
    `\`benches/js/gen.mjs\` writes the directory that \`benches/common/gen.rs\` writes for the native benchmarks (byte for byte): one company, the five`,
    `services, 200 projects (80 automation, 60 studio, 40 modeler, 10 ai, 10 bi), the four stages in every automation and studio project (560`,
    `environments: a stage is one of four values, so 200 projects cannot hold the 1,000 environments first asked for), ${int(r.scenario.users)} company users each on one`,
    `or two subscriptions, and ${int(r.scenario.assignments)} assignments (2 company administrators, an owner and 4 viewers per subscription, an owner and 24`,
    "contributors per project, two users per environment role, a developer profile for a third of the Studio users).",
    "",
    `Questions (\`benches/js/scenario.mjs\`, fixed seed): ${int(r.queries.checks)} checks, ${int(r.queries.pairs)} (user, scope) pairs, ${int(r.queries.who)} (permission, scope) pairs, over`,
    "scopes drawn uniformly, with half of the users drawn from those assigned on the scope's path (and, for them, half of the permissions from",
    `what their roles grant there), the other half from everyone: ${int(r.agreed.allowed)} of the ${int(r.queries.checks)} checks are allowed, and a who-can answer lists`,
    `${(r.agreed.whoTotal / r.queries.who).toFixed(1)} users on average. Timed loops cycle through the lists, so every figure is an average over different questions.`,
    "",
    "### What each engine is told",
    "",
    `The peers are given the ${r.scenario.subset.length} permissions that they can all say naturally: those of a scoped level with no prerequisite, no`,
    "request-context condition, and granted by no role of an exclusive group:",
    "",
    r.scenario.subset.map((x) => `\`${x}\``).join(", ") + ".",
    "",
    "Left out: the portal permissions (level-free, some needing context or a prerequisite), `studio.*` (a prerequisite, `project.edit`, and",
    "developer profiles with a group default), `build.profiles.manage` (granted by the default profile). The subset still has role inheritance",
    "across levels (company-admin → subscription-owner → project-owner → environment-owner → ...), grants flowing down the scope tree,",
    "availability by service (`mc.security` only in Automation environments), and `subscription-viewer`, whose condition on",
    "`customerPortalVersion` holds under the default context (the benchmarked calls pass none). Every encoding is derived from",
    "`models/bizagi.json` by code (`benches/js/scenario.mjs`), not restated by hand. rolecascade gets the directory and the real model.",
    "",
    `- **CASL** (\`benches/js/peers/casl.mjs\`): one ability per user, built with \`AbilityBuilder\` on first use and cached; a role held at a scope`,
    "  becomes `can(permission, Level, { <level>: scope })` for each permission the role grants, directly or by inheritance; availability",
    "  is `cannot(permission, Level, { service: { $nin: [...] } })`. Subjects are the scopes, built once (`subject(\"Project\", {...})`).",
    `- **Cedar** (\`benches/js/peers/cedar.mjs\`): a schema (scope entity types with parents, \`service\` and ancestor attributes; permissions as`,
    "  actions in role action groups, nested by inheritance), one static policy per role and resource type",
    "  (`permit (principal, action in Action::\"role:subscription-owner\", resource is Project) when { principal in",
    "  resource.subscription.subscription_owner };`), the user a member of `Role::\"<scope>#<role>\"` groups, availability as",
    `  \`forbid ... unless\`. ${r.policyCounts.attributes} policies, validated against the schema by Cedar's validator. Calls are stateful (\`preparseSchema\`, \`preparsePolicySet\`,`,
    "  `statefulIsAuthorized`) and pass only the entities a decision needs (the principal with its groups, the resource and its ancestors).",
    `  The documentation's other encoding, a group and a policy per (scope, role) pair, needs ${int(r.policyCounts.groups)} policies here; it is timed on`,
    `  ${r.queries.groups} checks below as "Cedar (groups)".`,
    `- **Casbin** (\`benches/js/peers/casbin.mjs\`): RBAC with domains, \`g, user, role, scope\` for each assignment and \`p, role, permission,`,
    `  service|*\` for each permission a role grants directly or by inheritance (${r.policyCounts.casbinP} lines); the request carries the scope's`,
    "  ancestors and the matcher asks `g` in each (the built-in domain matching function and `addDomainHierarchy` rebuild the roles of",
    "  every matching domain on each call, which is slower still). `enforceSync`.",
    "- **All three** answer \"all permissions of a user at a scope\" by checking each compared permission of the scope's level, and \"who",
    "  can\" by checking each user holding a compared role on the scope's path (from the application's own index; none of them has a",
    "  reverse query). rolecascade answers with `permissions()` and `whoCan()` over the whole model.",
    "",
    `Agreement, asserted before timing (\`benches/run.mjs\` stops and writes nothing otherwise): ${int(r.agreed.check)} checks, ${int(r.agreed.permissions)} permission lists and`,
    `${int(r.agreed.whoCan)} who-can lists, each peer against rolecascade, plus rolecascade's \`view().has()\` and \`permissions()\` against its \`check()\`.`,
    "",
    "### Floors, measured in the same run",
    "",
    "| floor | per call |",
    "|---|---|",
    `| the timing loop (reads a question, no call) | ${fmtNs(T("floor.loop"))} |`,
    `| \`Set.has\` of a permission id | ${fmtNs(T("floor.set"))} |`,
    `| a call into wasm with three numbers (an empty function; V8 may inline such a call) | ${fmtNs(T("floor.wasm3"))} |`,
    `| a call into wasm with three short strings, copied as wasm-bindgen's glue copies them | ${fmtNs(T("floor.strings3"))} |`,
    "",
    `A rolecascade check costs ${fmtRatio(rc("check") / T("floor.strings3"))} the bare crossing of its three strings into wasm (it crosses with numbers instead, having`,
    `interned the ids in JavaScript maps), and \`view().has()\` ${fmtRatio(has.median / T("floor.set"))} a \`Set.has\`.`,
    "",
    "### Results",
    "",
    "Median per operation, with the interquartile range over the rounds; in parentheses, relative to rolecascade.",
    "",
    "| operation | rolecascade | CASL | Cedar | Casbin |",
    "|---|---|---|---|---|",
  );
  const iqr = (k) => {
    const v = q(k);
    return v ? ` <sub>${fmtNs(v.q1)}–${fmtNs(v.q3)}</sub>` : "";
  };
  const row = (label, op) => `| ${label} | ${["rolecascade", ...PEERS].map((x) => cell(op, x) + iqr(`${op}.${x}`)).join(" | ")} |`;
  p(
    row("check (string API)", "check"),
    row("all permissions of a user at a scope", "permissions"),
    row("who can, at a scope", "whoCan"),
    `| \`view(user, scope)\`: the snapshot | **${fmtNs(rc("view"))}**${iqr("view.rolecascade")} | | | |`,
    `| \`view().has()\` | **${fmtNs(rc("has"))}**${iqr("has.rolecascade")} | | | |`,
    `| check with a request context (\`{ launchedFrom: "studio" }\`: the string path) | **${fmtNs(rc("checkctx"))}**${iqr("checkctx.rolecascade")} | | | |`,
    `| check, Cedar with a policy per (scope, role) (${int(r.policyCounts.groups)} policies, ${r.queries.groups} questions) | | | ${fmtNs(T("check.Cedar (groups)"))} (${fmtRatio(T("check.Cedar (groups)") / rc("check"))}) | |`,
    "",
  );

  // ------------------------------------------------------------------------------------------
  const ph = (name, k) => (s[name][k] === undefined ? "—" : fmtMs(s[name][k]));
  p(
    "### Start-up",
    "",
    `Cold: a fresh \`node\` process per run (\`benches/js/startup.mjs\`), median of ${r.startupRuns}; the directory's JSON text is read before timing,`,
    "each peer parses it itself. Import includes compiling and instantiating the wasm for Cedar (its Node entry does so on import);",
    "rolecascade's is timed apart (`initSync`). For the peers, the model is part of loading the directory (rules, policies, schema).",
    "",
    "| phase | rolecascade | CASL | Cedar | Casbin |",
    "|---|---|---|---|---|",
    `| import | ${["rolecascade", "casl", "cedar", "casbin"].map((x) => ph(x, "import")).join(" | ")} |`,
    `| compile and instantiate the wasm | ${ph("rolecascade", "instantiate")} | — | (in import) | — |`,
    `| load the model | ${ph("rolecascade", "model")} | — | — | — |`,
    `| load the directory | ${["rolecascade", "casl", "cedar", "casbin"].map((x) => ph(x, "directory")).join(" | ")} |`,
    `| first answer | ${["rolecascade", "casl", "cedar", "casbin"].map((x) => ph(x, "first")).join(" | ")} |`,
    `| **total** | **${["rolecascade", "casl", "cedar", "casbin"].map((x) => ph(x, "total")).join("** | **")}** |`,
    "",
    `Warm: loading again in the same process, after the cold start (median of 7): \`Engine.bizagi()\` ${fmtMs(r.warm.model.median)};`,
    `model, directory and first answer: rolecascade ${fmtMs(r.warm.directory.median)}, CASL ${fmtMs(r.warm.CASL.median)}, Cedar ${fmtMs(r.warm.Cedar.median)}, Casbin ${fmtMs(r.warm.Casbin.median)}.`,
    "",
  );

  // ------------------------------------------------------------------------------------------
  const rb = b.rolecascade;
  p(
    "### Bundle sizes",
    "",
    "A tiny entry per engine that re-exports its API, bundled with `esbuild --bundle --minify --format=esm --platform=browser`, plus the",
    "`.wasm` file it fetches. gzip -9.",
    "",
    "| | JS, minified | JS, gzipped | wasm | wasm, gzipped | total, gzipped |",
    "|---|---|---|---|---|---|",
    ...["rolecascade", ...PEERS].map((x) => {
      const v = b[x];
      return `| ${x}${v.note ? ` (${v.note})` : ""} | ${fmtBytes(v.js)} | ${fmtBytes(v.jsGz)} | ${v.wasm ? fmtBytes(v.wasm) : "—"} | ${v.wasm ? fmtBytes(v.wasmGz) : "—"} | **${fmtBytes(total(v))}** |`;
    }),
    "",
    `rolecascade's package files as shipped: ${rb.pkg.map((f) => `\`${f.f.replace(/^pkg\//, "")}\` ${int(f.raw)} B (${int(f.gz)} gzipped)`).join(", ")}.`,
    "",
  );

  // ------------------------------------------------------------------------------------------
  p("## Native (Rust, divan)", "");
  if (!n) {
    p(`No native figures: \`${r.nativeFile}\` was missing. Run \`scripts/bench.sh\` (or \`cargo bench --bench native | tee target/bench-native.txt\`).`, "");
  } else {
    p(
      "`cargo bench --bench native` (`benches/native.rs`). Scales: 1k = the 1-company directory cut to its first 1,000 assignments (1,000",
      "users), 10k = one company, 100k = 10 companies, 1M = 100 companies (`benches/common/gen.rs`).",
      "",
      "### Loading and memory",
      "",
      "Load: `Engine::bizagi(Some(json))` from the JSON text, median of several loads. Memory: live heap bytes the loaded engine holds",
      "(model, scopes, users, members, assignments), divided by the number of assignments; peak: the most held during a load, the",
      "parsed document included.",
      "",
      "| scale | assignments | users | scopes | load | per assignment | held per assignment | peak per assignment |",
      "|---|---|---|---|---|---|---|---|",
      ...n.scales.map(
        (x) =>
          `| ${x.scale} | ${int(x.assignments)} | ${int(x.users)} | ${int(x.scopes)} | ${fmtMs(x.load_ms)} | ${fmtNs(x.ns_per_assignment)} | ${int(x.bytes_per_assignment)} B | ${int(x.peak_bytes_per_assignment)} B |`,
      ),
      "",
      "### Queries",
      "",
      "| | 1k | 10k | 100k | 1M |",
      "|---|---|---|---|---|",
      ...[
        ["`check`, one allowed question repeated", "check_allowed"],
        ["`check`, one denied question repeated", "check_denied"],
        ["`check_ids` (interned ids), repeated", "check_ids"],
        ["`check`, 4,096 questions spread over the directory", "check_spread"],
        ["`check_ids`, the same 4,096 questions", "check_ids_spread"],
      ].map(([label, k]) => `| ${label} | ${["1k", "10k", "100k", "1M"].map((sc) => fmtNs(nb(`${k}/${sc}`))).join(" | ")} |`),
      "",
      "| | median |",
      "|---|---|",
      `| compile the default model (\`Model::from_json\`) | ${fmtNs(nb("compile_default_model"))} |`,
      `| \`Engine::bizagi(None)\` | ${fmtNs(nb("engine_default_model"))} |`,
      `| compile a 10,000-role inheritance chain | ${fmtNs(nb("compile_10k_role_chain"))} |`,
      `| \`permissions\` (10k directory) | ${fmtNs(nb("permissions"))} |`,
      `| \`explain\` (10k directory) | ${fmtNs(nb("explain"))} |`,
      `| \`who_can\` (10k directory) | ${fmtNs(nb("who_can"))} |`,
      "",
    );
  }

  // ------------------------------------------------------------------------------------------
  p(...diffSection(n, r.diffWasm ?? [], nb));

  // ------------------------------------------------------------------------------------------
  p(...NOTES(r, { T, nb, scale, s, b }), "");
  writeFileSync(out, L.join("\n"));
}

/** Why a missed target is missed, and what would meet it. */
const EXPLAIN = {
  check: (r, { T }) =>
    `**String-API check.** ${fmtNs(T("check.rolecascade"))} = three JavaScript \`Map\` lookups of the interned ids (${fmtNs(T("part.maps"))}) + the wasm ` +
    `call \`checkIds\` (${fmtNs(T("part.checkIds"))}) + the wrapper's own work. See "Where rolecascade's time goes" for the evaluation in wasm.`,
  has: (r, { T }) => `**\`view().has()\`.** ${fmtNs(T("has.rolecascade"))}, of which the timing loop is ${fmtNs(T("floor.loop"))}: a \`Map\` lookup and a typed-array read.`,
  startup: (r, { s, nb }) =>
    [
      `**Start-up.** Warm, \`Engine.bizagi()\` takes ${fmtMs(r.warm.model.median)}, within the target. Cold, in a fresh process, V8 first compiles the`,
      `${fmtBytes(r.bundles.rolecascade.wasm)} module (\`initSync\`: ${fmtMs(s.rolecascade.instantiate)}), then runs the first \`Engine.bizagi()\` in baseline`,
      `(Liftoff) code: ${fmtMs(s.rolecascade.model)}, against ${fmtMs(s.rolecascade.modelAgain)} for the same call again in that process and`,
      `${fmtNs(nb("engine_default_model"))} natively. Both cold costs grow with the work done at start-up: compilation is linear in code size, and`,
      "`Engine.bizagi()` parses, validates and compiles the model's JSON text every time (field paths are now built only when an",
      "error or an array item needs one; what remains is mostly allocation: a `String` per JSON string, then one per model field).",
      "What would meet it: embed the default model already compiled (a build step writing the compiled tables, so that start-up",
      "parses and validates nothing), and a smaller module (below).",
    ].join("\n"),
  bundle: (r) =>
    [
      `**Bundle size.** The wasm is ${fmtBytes(r.bundles.rolecascade.wasmGz)} gzipped of the ${fmtBytes(r.bundles.rolecascade.wasmGz + r.bundles.rolecascade.jsGz)}. It is mostly the engine's`,
      "own code: model validation and compilation (`Engine::from_model_json` with `Model::compile` inlined is the largest function),",
      "directory loading, `explain`, the JSON reader and writer, and one wasm-bindgen export per method; then generic code instantiated",
      "many times (a separate `sort_unstable_by` per call site, `collect::<Result<Vec<_>>>` adapters, `format!` for every error",
      "message). Ways down, roughly in order of bytes: move validation-only work (model checking with its error messages) out of the",
      "runtime by shipping the default model compiled, and offer a build without `exportDirectory`/`matrix`/`describe`/stateless mode",
      "for browsers that only ask questions (a cargo feature); sort with one shared routine over indices; replace `collect` into",
      "`Result` with loops in the readers; build error messages from a few shared helpers. 60 KB would need about half of the",
      "current code gone.",
    ].join("\n"),
  scaling: (r, { nb }) =>
    [
      `**Check latency at 1M.** The work per check is constant (one question repeated: ${fmtNs(nb("check_allowed/1k"))} at 1k,`,
      `${fmtNs(nb("check_allowed/1M"))} at 1M), but memory is not: 4,096 different questions over a million users touch memory that no longer fits`,
      "in the caches. Each string-API check looks the user and the scope up (`Names` in `src/names.rs`: a slot, then the name's",
      "bytes in the arena), then reads the user's assignments, the scope and its class: a handful of cache misses, each a trip to DRAM at",
      `1M. With interned ids (no string lookups) the same questions take ${fmtNs(nb("check_ids_spread/1k"))} at 1k and ${fmtNs(nb("check_ids_spread/1M"))} at 1M.`,
      "From JavaScript the string lookups happen in the wrapper's `Map`s instead, which grow the same way. Fewer, smaller records",
      "per user (memberships and assignments in one flat array per kind instead of a `Vec` per user) would",
      "reduce the misses, not remove them: within 20% at 1M is only met for a hot working set.",
    ].join("\n"),
  load: (r, { scale }) =>
    [
      `**Loading 1M assignments** takes ${fmtMs(scale("1M").load_ms)}, ${fmtNs(scale("1M").ns_per_assignment)} per assignment against ${fmtNs(scale("10k").ns_per_assignment)} at 10k: the load is`,
      "linear in work but not in time, because from 100k on the id maps no longer fit in the caches. Every member entry",
      `(${(r.scenario.memberEntries / r.scenario.assignments).toFixed(1)} per assignment here: the company's users and the subscriptions' users) and every assignment looks its user up among`,
      "a million names (`Directory::intern_user`, `find_user`, `find_scope`, called from `Engine::load_directory_json`). Ids are",
      "interned once into one arena behind a table of 16-byte slots (`src/names.rs`, which took the load from 2.2-2.7 s with",
      "`HashMap<String, u32>` and a `Vec<String>`); what remains is a cache miss or two per lookup, parsing (about 0.3 s for the",
      "135 MB document), and a `Vec` per user for memberships and for assignments, grown one element at a time. What would meet",
      "it: build the membership and assignment indexes in bulk at the end of a load (collect pairs, sort once, store as flat arrays",
      "with offsets) instead of inserting per entry.",
    ].join("\n"),
};

function NOTES(r, { T, nb, s }) {
  const floors3 = T("floor.strings3");
  return [
    "## Notes",
    "",
    "### Where rolecascade's time goes",
    "",
    `- **check** (${fmtNs(T("check.rolecascade"))}): the JavaScript wrapper looks the three ids up in \`Map\`s (${fmtNs(T("part.maps"))} for three lookups), then`,
    `  calls \`checkIds\` with three numbers (${fmtNs(T("part.checkIds"))} from JavaScript, against ${fmtNs(nb("check_ids_spread/10k"))} natively for the same kind of`,
    "  questions at opt-level 3: the wasm is built at opt-level \"z\", for size). For a denied question, the evaluation",
    "  (`Eval::granted` → `Eval::for_each_held` in `src/eval.rs`) also tries the developer-profile group default at every",
    "  subscription on the path: a membership binary search, the level's `when` condition (string comparisons on scope",
    "  attributes) and a scan of the user's assignments, even for a permission the default role cannot grant. Testing first",
    "  whether the default role grants the permission at that depth (one bit in `eff[default][depth]`) skips all of it. Context",
    "  conditions are re-evaluated on every check where a conditional role is held, and `cond::parse_version` allocates a `Vec` to",
    "  compare `customerPortalVersion` each time; settling context conditions once per context would remove that.",
    `- **who can** (${fmtNs(T("whoCan.rolecascade"))}): \`Eval::candidates\` (\`src/eval.rs\`) adds every member of every scope on the path where a group`,
    `  default may apply, whatever the permission: for the default model, every user of the subscription (a median of ${int(r.scenario.subMembers)} per subscription here), each`,
    "  then evaluated. Adding members only when the group's default role can grant the permission at that depth, and its level",
    "  exists at that scope, leaves the users assigned on the path, a few dozen. The peers are given that shortcut (they ask",
    "  only about users assigned on the path), which is why CASL can be faster here.",
    `- **permissions() / view()** (${fmtNs(T("permissions.rolecascade"))} / ${fmtNs(T("view.rolecascade"))}): \`#state\` in \`js/engine.mjs\` passes the user and the`,
    `  scope as strings to \`holding\` (${fmtNs(T("part.holding"))}) and the scope again to \`scopeDepth\` (${fmtNs(T("part.scopeDepth"))}); three short strings cost`,
    `  ${fmtNs(floors3)} to pass. A numeric \`holdingIds(user, scope)\` taking the ids the wrapper already caches for \`check\`, and the depth`,
    "  kept with the cached scope id, would leave the evaluation and the copy of the bits.",
    `- **start-up**: cold, ${fmtMs(s.rolecascade.instantiate)} to compile and instantiate the module and ${fmtMs(s.rolecascade.model)} for the first \`Engine.bizagi()\``,
    `  (${fmtMs(s.rolecascade.modelAgain)} for a second one in the same process); the directory then costs ${fmtMs(s.rolecascade.directory)} cold and ${fmtMs(r.warm.directory.median)} warm.`,
    "",
    "### The peers",
    "",
    "- Cedar's calls go through `serde-wasm-bindgen`: the request and its entity slice (the user with its groups, the resource and",
    "  its ancestors) are converted from JavaScript objects on every call, which is most of a call's cost; a policy per (scope,",
    "  role) pair is slower still because Cedar evaluates every policy of the set on every call.",
    "- Casbin interprets its matcher (an expression evaluator) once per policy line whose action matches, on every call.",
    "- CASL builds an ability per user (rules compiled to JavaScript functions) on first use; afterwards a check is a rule lookup",
    "  by action and subject type and a condition test, all in JavaScript.",
    "",
    "### Node and V8",
    "",
    "Node 20's V8 (11.3) aborts the process (\"Fatal error ... unreachable code\", in `Deoptimizer::DoComputeBuiltinContinuation`)",
    "when optimized JavaScript that has inlined a call to a wasm export **returning an `externref`** is deoptimized lazily while",
    "that call runs: the deoptimizer cannot rebuild the continuation of an inlined JS-to-wasm call with a reference result.",
    "Cedar's exports are `(externref) -> (externref)`, and its wasm calls back into JavaScript (serde-wasm-bindgen reading the",
    "request) during every call, so a deoptimization mid-call is easy to provoke: in this benchmark, building a new Cedar engine",
    "in the same process after Cedar's adapter had been optimized, then asking it a question, aborted Node. Warm loads are",
    "therefore timed in the start-up processes. `benches/js/v8-externref-deopt.mjs` reproduces it in 40 lines, and shows that",
    "the same module with an `i32` result survives. `--no-turbo-inline-js-wasm-calls`",
    "avoids the inlining altogether. rolecascade is not exposed: every export of its wasm returns `i32`s (results and errors",
    "cross as numbers and indices), none an `externref`; an export returning a `JsValue` directly would change that.",
    `Node ${r.machine.node} with default flags ran every loop here.`,
  ];
}

/** What each benchmarked edit of the default model is (benches/native.rs, benches/js/diff.mjs). */
const DIFF_CASES = {
  same: "the same model",
  grant: "`project-owner` without `project.delete`",
  inherit: "`project-contributor` inherits `environment-basic`",
  condition: "`portal.studio` also in automation subscriptions",
  default: "`developer` as the default developer profile",
  levels: "a sixth service value (the levels differ: every role reconsidered)",
};

/** "Model diff": the default model against edits of it over the 10k directory, natively and in the package. */
export function diffSection(n, wasm, nb) {
  const rows = n?.diffs ?? [];
  if (!rows.length && !wasm.length) return [];
  const w = new Map(wasm.map((x) => [x.diff_case, x]));
  return [
    "## Model diff",
    "",
    "`rolecascade::diff(before, after, Some(directory), None)`: the default model against an edit of it over the 10,000-user directory",
    "(1 company, 766 scopes, 10,152 assignments), from the texts: both models compiled, the directory read and carried over to the",
    "other model, the answers compared. Natively: `cargo bench --bench native` (`diff_10k`; `diff_10k_loaded` is `Engine::diff` on an",
    "engine holding the directory already), median of 10. In the package: `node benches/js/diff.mjs` (`Engine.diff` in wasm in Node,",
    "the answer built as JavaScript objects), median of 5. Visited: the scopes under a holding of a role or default the edit reaches;",
    "pairs: the (user, scope) pairs asked of both models; classes: the scopes where members holding only defaults were asked once for",
    `all of them. Answers: every user asked every permission askable at every scope${rows[0]?.answers ? ` (${int(rows[0].answers)})` : ""}, which a naive diff would compute twice.`,
    "",
    "| edit | gained | lost | scopes visited | pairs asked | default classes | native, from the texts | native, `Engine::diff` | package (wasm) |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (x) =>
        `| ${DIFF_CASES[x.diff_case] ?? x.diff_case} | ${int(x.gained)} | ${int(x.lost)} | ${int(x.scopes)} | ${int(x.pairs)} | ${int(x.classes)} | ${fmtNs(nb(`diff_10k/${x.diff_case}`) ?? x.diff_ms * 1e6)} | ${fmtNs(nb(`diff_10k_loaded/${x.diff_case}`))} | ${w.has(x.diff_case) ? fmtMs(w.get(x.diff_case).diff_ms) : "n/a"} |`,
    ),
    "",
  ];
}
