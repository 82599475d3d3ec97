// The pages at the scale of a real company: the default model with the benchmark directories of
// 10,000 and 50,000 people (benches/js/gen.mjs, which the pages also use: "#d=gen-10000").
// Each interaction is timed from its input event to the frame painted after it (a
// requestAnimationFrame callback, then a task after the paint), several times over; the figures
// are reported (test-artifacts/www/timings.json and .md, and the test's diagnostics), not
// asserted: the machine decides them. The answers shown at that scale are asserted, as everywhere.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "rolecascade";
import { generate } from "../benches/js/gen.mjs";
import { start, open, answers, sorted, shown, artifact, LIMIT } from "./helpers.mjs";

let env;
before(async () => (env = await start()));
after(async () => env?.stop());

const results = {};

async function installTimer(page) {
  await page.evaluate(() => {
    window.__t0 = null;
    for (const type of ["pointerdown", "keydown", "input", "change"]) {
      addEventListener(type, (e) => {
        if (window.__t0 === null) window.__t0 = e.timeStamp;
      }, { capture: true });
    }
  });
}

/** Milliseconds from the first input event of `action` to the frame painted after it. */
async function timed(page, action) {
  await page.evaluate(() => (window.__t0 = null));
  await action();
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => {
    const c = new MessageChannel();
    c.port1.onmessage = () => resolve(performance.now() - window.__t0);
    c.port2.postMessage(0);
  })));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function heap(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  await cdp.detach();
  return Math.round((metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 1048576);
}

async function run(t, people) {
  const g = generate(1, people);
  const engine = Engine.bizagi(g.json);
  const d = engine.exportDirectory();
  const holders = [...new Set(d.assignments.map((a) => a.user))];
  const admin = d.assignments.find((a) => a.role === "company-admin").user;
  const envs = d.scopes.filter((s) => s.split("/").length === 4);
  const { page, errors, ms, close } = await open(env, `#m=bizagi&d=gen-${people}&u=${encodeURIComponent(holders[5])}&s=${encodeURIComponent(envs[0])}`);
  const times = {};
  const note = (name, ms_) => (times[name] ??= []).push(Math.round(ms_ * 10) / 10);
  try {
    await installTimer(page);
    // Correct at this scale too.
    assert.deepEqual(sorted(await shown(page)), sorted(answers(engine, holders[5], envs[0])));

    for (let k = 0; k < 5; k++) {
      // Opening the people list, and arrow keys in it.
      note("open the people list", await timed(page, () => page.click("#user")));
      for (let a = 0; a < 3; a++) note("arrow key in the people list", await timed(page, () => page.keyboard.press("ArrowDown")));
      // Typing a name: one keystroke narrows the list; Enter switches person.
      const who = holders[40 + k * 97];
      await page.fill("#user", who.slice(0, -1));
      note("one keystroke in the people list", await timed(page, () => page.keyboard.type(who.slice(-1))));
      note("switch person (Enter)", await timed(page, () => page.keyboard.press("Enter")));
      await page.waitForSelector(`#panel-view h2[data-user="${who}"]`);
      // Switching scope in the tree.
      const scope = envs[(k * 37) % envs.length];
      const parent = scope.split("/").slice(0, -1).join("/");
      await page.evaluate((p) => (location.hash = p), new URLSearchParams({ m: "bizagi", d: `gen-${people}`, u: who, s: parent }).toString());
      await page.waitForSelector(`#scopes [data-scope="${parent}"][aria-current=true]`);
      await page.click(`#scopes [data-toggle="${parent}"][aria-expanded=true], #scopes [data-toggle="${parent}"]`).catch(() => {});
      if ((await page.getAttribute(`#scopes [data-toggle="${parent}"]`, "aria-expanded")) !== "true") await page.click(`#scopes [data-toggle="${parent}"]`);
      note("switch scope (tree)", await timed(page, () => page.click(`#scopes [data-scope="${scope}"]`)));
      await page.waitForSelector(`#panel-view h2[data-scope="${scope}"]`);
      assert.deepEqual(sorted(await shown(page)), sorted(answers(engine, who, scope)), `${who} at ${scope}`);
      // A keystroke in the version box.
      await page.fill("#ctx-customerPortalVersion", "2.0.");
      note("one keystroke in the version box", await timed(page, () => page.keyboard.type(String(k))));
      await page.fill("#ctx-customerPortalVersion", "");
      // Selecting a permission for its story.
      note("select a permission (its story)", await timed(page, () => page.click("#panel-view .tile", { force: true })));
    }

    // Who can: the tab, then another permission (lists of hundreds, paged).
    const project = d.scopes.find((s) => s.split("/").length === 3);
    await page.evaluate((p) => (location.hash = p), new URLSearchParams({ m: "bizagi", d: `gen-${people}`, u: holders[5], s: project }).toString());
    await page.waitForSelector(`#panel-view h2[data-scope="${project}"]`);
    note("open the Who can tab", await timed(page, () => page.click("#tab-who")));
    for (const p of ["project.read", "project.edit", "project.share", "project.read"]) note("switch the Who can permission", await timed(page, () => page.selectOption("#who-permission", p)));
    const listed = await page.$$eval("#who-result > li", (lis) => lis.map((li) => li.dataset.user));
    assert.deepEqual(listed, engine.whoCan("project.read", project).slice(0, listed.length));
    assert.ok(listed.length > 0 && listed.length <= 50, "a page of people at a time");

    // Give and remove a role as a company administrator (no export of the directory).
    await page.click("#tab-edit");
    await page.fill("#actor", admin);
    await page.click(`[role=option][data-user="${admin}"]`);
    const target = holders[7];
    await page.evaluate((p) => (location.hash = p), new URLSearchParams({ m: "bizagi", d: `gen-${people}`, u: target, s: envs[3], t: "edit", a: admin }).toString());
    await page.waitForSelector(`#edit-body li[data-role="environment-basic"]`);
    for (let k = 0; k < 3; k++) {
      const give = await page.$(`#edit-body li[data-role="environment-basic"] [data-assign]`);
      if (give) note("give a role", await timed(page, () => page.click(`#edit-body li[data-role="environment-basic"] [data-assign]`)));
      await page.waitForSelector(`#edit-body li[data-role="environment-basic"] [data-revoke]`);
      note("remove a role", await timed(page, () => page.click(`#edit-body li[data-role="environment-basic"] [data-revoke]`)));
      await page.waitForSelector(`#edit-body li[data-role="environment-basic"] [data-assign]`);
    }
    note("what-if preview", await timed(page, () => page.click(`#edit-body li[data-role="environment-admin"] [data-preview]`)));
    note("open The model tab", await timed(page, () => page.click("#tab-matrix")));
    const heapMB = await heap(page);

    // The portal demo at the same scale: signing in as someone else.
    const portal = await page.context().newPage();
    const t0 = Date.now();
    await portal.goto(`${env.base}portal.html#m=bizagi&d=gen-${people}&u=${encodeURIComponent(holders[5])}`);
    await portal.waitForSelector("body[data-ready=yes]", { state: "attached", timeout: 30_000 });
    const portalMs = Date.now() - t0;
    await installTimer(portal);
    for (let k = 0; k < 4; k++) {
      const who = holders[100 + k * 211];
      await portal.fill("#who", who);
      note("portal: sign in as someone else", await timed(portal, () => portal.keyboard.press("Enter")));
      await portal.waitForFunction((u) => document.querySelector("#who").value === u, who);
      await portal.click('#portals [data-portal=""]'); // all workspaces
      const nav = await portal.$$eval("#nav button[data-scope]", (els) => els.map((e) => e.dataset.scope));
      if (k === 0) assert.deepEqual(nav, d.scopes.filter((s) => engine.permissions(who, s).length > 0), `portal: ${who}'s workspaces`);
      const place = nav[nav.length - 1];
      if (place) note("portal: open a workspace", await timed(portal, () => portal.click(`#nav [data-scope="${place}"]`)));
    }
    await portal.close();

    const summary = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { median: median(v), max: Math.max(...v), runs: v.length }]));
    results[people] = { people, holders: holders.length, scopes: d.scopes.length, assignments: d.assignments.length, explorerReadyMs: ms, portalReadyMs: portalMs, jsHeapMB: heapMB, interactions: summary };
    t.diagnostic(`${people} people (${holders.length} holding roles, ${d.scopes.length} scopes): explorer ready in ${ms} ms, portal in ${portalMs} ms, JS heap ${heapMB} MB`);
    for (const [k, v] of Object.entries(summary)) t.diagnostic(`  ${k}: median ${v.median} ms, max ${v.max} ms (${v.runs} runs)`);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
}

test("10,000 people: every interaction timed to the painted frame (reported)", LIMIT, (t) => run(t, 10_000));
test("50,000 people: every interaction timed to the painted frame (reported)", LIMIT, (t) => run(t, 50_000));

after(() => {
  if (!Object.keys(results).length) return;
  artifact("timings.json", `${JSON.stringify(results, null, 2)}\n`);
  const sizes = Object.keys(results);
  const names = [...new Set(sizes.flatMap((n) => Object.keys(results[n].interactions)))];
  const lines = [
    `| interaction (ms to the painted frame, median / max) | ${sizes.map((n) => `${Number(n).toLocaleString("en")} people`).join(" | ")} |`,
    `|---|${sizes.map(() => "---").join("|")}|`,
    ...names.map((k) => `| ${k} | ${sizes.map((n) => (results[n].interactions[k] ? `${results[n].interactions[k].median} / ${results[n].interactions[k].max}` : "")).join(" | ")} |`),
    `| explorer ready (load, generate the directory, first draw) | ${sizes.map((n) => results[n].explorerReadyMs).join(" | ")} |`,
    `| portal ready | ${sizes.map((n) => results[n].portalReadyMs).join(" | ")} |`,
    `| JS heap after the run (MB) | ${sizes.map((n) => results[n].jsHeapMB).join(" | ")} |`,
  ];
  artifact("timings.md", `${lines.join("\n")}\n`);
});
