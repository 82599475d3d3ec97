// Measures the edge worker in workerd through miniflare (make edge first):
//   node edge/bench.mjs [--requests N] [--users N]
// - stateless and directory mode, a 10,000-user tenant warm in the isolate: requests per second
//   (one at a time, and 16 in flight) and per-request latency p50/p99, next to an unmatched
//   route (the round trip from Node into workerd and back);
// - the cost of a refresh: the first load of the tenant, a re-read that finds the same bytes,
//   and a re-read that finds a new directory and parses it;
// - the time from a KV write (a revocation) to the first refused request, with DIRECTORY_TTL=1.
// Prints a table and writes test-artifacts/edge-bench.json.
import { mkdirSync, writeFileSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { availableParallelism, cpus } from "node:os";
import { Engine } from "rolecascade";
import { generate } from "../benches/js/gen.mjs";
import { SECRET, now, bearer, startWorkers } from "./tests/helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { requests: { type: "string", default: "3000" }, users: { type: "string", default: "10000" } } });
const N = Number(values.requests);
const USERS = Number(values.users);

const q = (xs, f) => [...xs].sort((a, b) => a - b)[Math.floor(f * (xs.length - 1))];
const ms = (x) => +x.toFixed(3);
const summary = (times, wallMs) => ({ requests: times.length, p50Ms: ms(q(times, 0.5)), p99Ms: ms(q(times, 0.99)), rps: Math.round((times.length / wallMs) * 1000) });

function workerdRssKiB() {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid || !/^Name:\s+.*workerd/m.test(status)) continue;
      total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

// The tenant: gen.mjs's company c0 with USERS users. Questions: project.read on a project, half
// asked by one of its owners or contributors, half by another company user; the package in Node
// says what each answer must be (most of the second half are refusals, which also build the
// engine's reason).
const g = generate(1, USERS);
const tenant = "c0";
const reference = Engine.bizagi(g.json);
const byScope = new Map();
for (const a of g.directory.assignments) {
  if (a.role !== "project-owner" && a.role !== "project-contributor") continue;
  if (!byScope.has(a.scope)) byScope.set(a.scope, []);
  byScope.get(a.scope).push(a.user);
}
const projects = [...byScope.keys()].sort();
const exp = now() + 3600;
const questions = [];
for (let i = 0; i < 400; i++) {
  const scope = projects[i % projects.length];
  const holders = byScope.get(scope);
  const user = i % 2 === 0 ? holders[i % holders.length] : `u${2 + ((i * 7919) % (USERS - 2))}@c0.test`;
  const allowed = reference.check(user, "project.read", scope);
  // Directory mode: no assignments. Stateless: the user's own assignments (at most 256).
  const own = g.directory.assignments.filter((a) => a.user === user).slice(0, 256).map(({ role, scope: s }) => ({ role, scope: s }));
  const statelessAllowed = reference.checkAssignments(user, own, "project.read", scope);
  questions.push({ user, scope, path: `/api/${scope}`, allowed, statelessAllowed, directory: bearer({ sub: user, exp }), stateless: bearer({ sub: user, exp, assignments: own }) });
}
// The revocation victim: an allowed question whose user loses it when their roles on that
// project are removed (no role above it grants it too).
let victim;
let revoked;
for (const qn of questions.filter((x) => x.allowed)) {
  const dir = { ...g.directory, assignments: g.directory.assignments.filter((a) => !(a.user === qn.user && a.scope === qn.scope)) };
  const e = Engine.bizagi(dir);
  const denied = !e.check(qn.user, "project.read", qn.scope);
  e.free();
  if (denied) {
    victim = qn;
    revoked = JSON.stringify(dir);
    break;
  }
}
reference.free();
const progress = (m) => process.stderr.write(`edge bench: ${m}\n`);
progress(`${questions.filter((x) => x.allowed).length} of ${questions.length} questions allowed (stateless: ${questions.filter((x) => x.statelessAllowed).length})`);

const TTL_NS = { warm: "ns-warm", fresh: "ns-fresh", reread: "ns-reread", revoke: "ns-revoke", stateless: "ns-warm" };
const w = await startWorkers(
  {
    warm: { TOKEN_SECRET: SECRET, DIRECTORY_TTL: "3600" },
    stateless: { TOKEN_SECRET: SECRET },
    reread: { TOKEN_SECRET: SECRET, DIRECTORY_TTL: "0" },
    revoke: { TOKEN_SECRET: SECRET, DIRECTORY_TTL: "1" },
  },
  (name) => ({ kvNamespaces: { DIRECTORY: TTL_NS[name] } }),
);
const kv = {};
for (const name of ["warm", "reread", "revoke"]) {
  kv[name] = await w.mf.getKVNamespace("DIRECTORY", name);
  await kv[name].put(tenant, g.json);
}

async function timed(worker, path, auth, expect) {
  const t0 = performance.now();
  const r = await w.call(worker, path, { auth });
  const t = performance.now() - t0;
  if (expect !== undefined && r.status !== expect) throw new Error(`${worker} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return t;
}

const expected = (qn, mode) => ((mode === "directory" ? qn.allowed : qn.statelessAllowed) ? 200 : 403);

async function until(status, deadline = performance.now() + 10_000) {
  while ((await w.call("revoke", victim.path, { auth: victim.directory })).status !== status) {
    if (performance.now() > deadline) throw new Error(`no ${status} within 10 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function run(worker, mode, n) {
  const times = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const qn = questions[i % questions.length];
    times.push(await timed(worker, qn.path, qn[mode], expected(qn, mode)));
  }
  return summary(times, performance.now() - t0);
}

async function concurrent(worker, mode, n, inFlight = 16) {
  let next = 0;
  const t0 = performance.now();
  const times = [];
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        const qn = questions[next++ % questions.length];
        times.push(await timed(worker, qn.path, qn[mode], expected(qn, mode)));
      }
    }),
  );
  return summary(times, performance.now() - t0);
}

const figures = { machine: `${availableParallelism()} cores, ${cpus()[0]?.model ?? "?"}`, node: process.version, users: USERS, directoryBytes: g.json.length, assignments: g.assignments, scopes: g.scopes };
const rssBefore = workerdRssKiB();

// Cold: the first request for the tenant in an isolate (KV read + parse + answer).
figures.coldFirstRequestMs = ms(await timed("warm", questions[0].path, questions[0].directory, 200));
figures.rssAfterLoadKiB = workerdRssKiB() - rssBefore;

progress("requests");
await run("warm", "directory", 500); // warm-up
await run("stateless", "stateless", 500);
// Unmatched route: the harness's own round trip (Node -> workerd -> Node), for comparison.
const base = [];
for (let i = 0; i < 1000; i++) base.push(await timed("warm", "/none", undefined, 404));
figures.unmatchedP50Ms = ms(q(base.slice(500), 0.5));
figures.directory = await run("warm", "directory", N);
figures.stateless = await run("stateless", "stateless", N);
figures.directory16 = await concurrent("warm", "directory", N);
figures.stateless16 = await concurrent("stateless", "stateless", N);

progress("refresh");
// Refresh: DIRECTORY_TTL=0 re-reads KV on every request. Same bytes: read + SHA-256 only.
await timed("reread", questions[0].path, questions[0].directory, 200);
const same = [];
for (let i = 0; i < 200; i++) same.push(await timed("reread", questions[i % 400].path, questions[i % 400].directory));
figures.rereadUnchangedP50Ms = ms(q(same, 0.5));
// A new directory before each request: read + hash + parse the 10,000-user tenant.
const alt = [g.json, g.json.replace('"scopes":[', '"scopes":[ ')]; // same directory, other bytes
const changed = [];
for (let i = 0; i < 30; i++) {
  await kv.reread.put(tenant, alt[i % 2]);
  changed.push(await timed("reread", questions[0].path, questions[0].directory, 200));
}
figures.rereadChangedP50Ms = ms(q(changed, 0.5));
figures.rereadChangedMaxMs = ms(Math.max(...changed));

// Revocation: DIRECTORY_TTL=1; from the KV write to the first 403, polling every 10 ms.
progress("revocation");
const latencies = [];
for (let round = 0; round < 5; round++) {
  await kv.revoke.put(tenant, g.json);
  // wait until the grant is back, then let the copy age a random part of the TTL
  await until(200);
  await new Promise((r) => setTimeout(r, 137 * round));
  const t0 = performance.now();
  await kv.revoke.put(tenant, revoked);
  await until(403);
  latencies.push(performance.now() - t0);
}
figures.revocationMs = latencies.map((x) => Math.round(x));
figures.revocationTtlSeconds = 1;

await w.mf.dispose();
mkdirSync(join(here, "..", "test-artifacts"), { recursive: true });
writeFileSync(join(here, "..", "test-artifacts", "edge-bench.json"), JSON.stringify(figures, null, 2) + "\n");
const row = (name, s) => `| ${name} | ${s.rps.toLocaleString("en")} | ${s.p50Ms} | ${s.p99Ms} |`;
console.log(`edge bench: ${figures.machine}, Node ${figures.node}; tenant of ${USERS} users, ${figures.directoryBytes} bytes\n`);
console.log("| mode | requests/s | p50 ms | p99 ms |\n|---|---|---|---|");
console.log(row("directory (KV, warm), one at a time", figures.directory));
console.log(row("stateless (token assignments), one at a time", figures.stateless));
console.log(row("directory, 16 in flight", figures.directory16));
console.log(row("stateless, 16 in flight", figures.stateless16));
console.log(`\nunmatched route p50: ${figures.unmatchedP50Ms} ms`);
console.log(`cold first request (KV read + load): ${figures.coldFirstRequestMs} ms; workerd RSS +${figures.rssAfterLoadKiB} KiB`);
console.log(`refresh, unchanged value: p50 ${figures.rereadUnchangedP50Ms} ms per request; new value (parse): p50 ${figures.rereadChangedP50Ms} ms, max ${figures.rereadChangedMaxMs} ms`);
console.log(`KV write to first refused request (DIRECTORY_TTL=1): ${figures.revocationMs.join(", ")} ms`);
