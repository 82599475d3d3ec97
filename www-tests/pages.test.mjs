// The pages in www/ driven in Debian's Chromium: what they show must be what the engine answers
// in Node for the same model, directory and context. Nothing expected is written down here: every
// expectation is computed by the package itself (imported by name, as a user would).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync, copyFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { Engine } from "rolecascade";
import { serve } from "../scripts/serve.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const www = join(root, "www");
const directoryText = readFileSync(join(www, "sample-directory.json"), "utf8");
const modelDoc = JSON.parse(readFileSync(join(root, "models", "bizagi.json"), "utf8"));
const LIMIT = { timeout: 60_000 }; // per test; every browser action also times out after 10 s
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let server;
let browser;
let base;

before(async () => {
  server = await serve(www, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  // launch() gives every run a fresh, temporary user-data-dir and removes it on close.
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS, timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
});

/** Opens a page in a fresh context; records console errors, failed and off-machine requests. */
async function open(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  const errors = [];
  // Works offline: anything but the local server is refused and reported.
  await context.route(/^(?!http:\/\/127\.0\.0\.1:\d+\/)/, (route) => {
    errors.push(`off-machine request: ${route.request().url()}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`page error: ${e}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  page.on("response", (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  const start = Date.now();
  await page.goto(base + path);
  try {
    await page.waitForSelector("body[data-ready=yes]", { state: "attached" });
  } catch (e) {
    throw new Error(`${path || "index.html"} did not start: ${errors.join("; ") || e.message}`);
  }
  return { page, errors, ms: Date.now() - start, close: () => context.close() };
}

async function screenshot(page, name) {
  const artifacts = join(root, "test-artifacts", "www");
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, name) });
  mkdirSync(join(root, "docs", "screenshots"), { recursive: true });
  copyFileSync(join(artifacts, name), join(root, "docs", "screenshots", name));
}

/** What the engine says about every permission askable at the scope: id -> held. */
function answers(engine, user, scope, context) {
  const out = {};
  for (const p of engine.matrix().permissions) {
    try {
      out[p] = engine.check(user, p, scope, context);
    } catch (e) {
      if (e.code !== "level_mismatch") throw e;
    }
  }
  return out;
}

const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

// ------------------------------------------------------------------------------------------------
// The explorer

async function pick(page, user, scope) {
  await page.selectOption("#user", user);
  await page.click(`#scopes [data-scope="${scope}"]`);
  await page.waitForSelector(`#panel-view h2[data-user="${user}"][data-scope="${scope}"]`);
}

/** The permission buttons and tiles of "User at a scope": id -> enabled. */
function shown(page) {
  return page.$$eval("#panel-view [data-permission]", (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.permission, e.getAttribute("aria-disabled") === "false"])));
}

const CASES = [
  ["ana@acme.test", "acme"],
  ["ana@acme.test", "acme/studio/portal"],
  ["bruno@acme.test", "acme/automation"],
  ["carla@acme.test", "acme/automation/claims"],
  ["diego@acme.test", "acme/automation/claims/staging"],
  ["hiro@acme.test", "acme/automation/claims/production"],
  ["ines@acme.test", "acme/automation/onboarding/production"],
  ["jonas@acme.test", "acme/studio/crm/development"],
  ["kemal@acme.test", "acme/studio/portal"],
  ["lucia@acme.test", "acme/studio/portal"],
  ["mateo@acme.test", "acme/studio/crm"],
  ["pablo@acme.test", "acme/studio/crm"],
  ["pablo@acme.test", "acme/modeler/hiring"],
];

test("explorer: the enabled buttons are the engine's answers, with its reasons", LIMIT, async (t) => {
  const engine = Engine.bizagi(directoryText);
  const { page, errors, ms, close } = await open("");
  try {
    t.diagnostic(`explorer ready (wasm fetched, compiled, first render) in ${ms} ms`);
    assert.ok(ms < 5000, `loads fast: ${ms} ms`);
    let on = 0;
    let off = 0;
    for (const [user, scope] of CASES) {
      await pick(page, user, scope);
      const want = answers(engine, user, scope);
      assert.deepEqual(sorted(await shown(page)), sorted(want), `${user} at ${scope}`);
      for (const held of Object.values(want)) held ? on++ : off++;
    }
    assert.ok(on > 20 && off > 20, `the cases mix granted and denied permissions (${on} / ${off})`);

    // Reasons on focus (keyboard) and hover, for a denied and a granted permission.
    await pick(page, "hiro@acme.test", "acme/automation/claims/production");
    for (const [permission, how] of [["mc.security", "focus"], ["mc.connect", "hover"]]) {
      const selector = `#panel-view [data-permission="${permission}"]`;
      await page[how](selector);
      await page.waitForSelector("#tip:not([hidden])");
      const reason = engine.explain("hiro@acme.test", permission, "acme/automation/claims/production").reason;
      assert.equal(await page.textContent("#tip"), reason);
      const described = await page.$eval(selector, (el) => document.getElementById(el.getAttribute("aria-describedby")).textContent);
      assert.equal(described, reason);
      await page.mouse.move(0, 0);
    }

    // Selecting a permission (Enter on the focused button) lists every grant path.
    await page.focus('#panel-view [data-permission="mc.connect"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-why="mc.connect"]');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.permission), "mc.connect", "the focus stays on the button");
    const paths = await page.$$eval('[data-why="mc.connect"] .paths li', (els) => els.length);
    assert.equal(paths, engine.explain("hiro@acme.test", "mc.connect", "acme/automation/claims/production").grants.length);
    assert.ok(paths > 0);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("explorer: context controls change the decisions as the engine says", LIMIT, async () => {
  const engine = Engine.bizagi(directoryText);
  const { page, errors, close } = await open("");
  try {
    const steps = [
      // [user, scope, control, value, context passed to the engine]
      ["kemal@acme.test", "acme/studio/portal", "#ctx-launchedFrom", "studio", { launchedFrom: "studio" }],
      ["carla@acme.test", "acme/automation", "#ctx-customerPortalVersion", "2.0.0", { customerPortalVersion: "2.0.0" }],
    ];
    for (const [user, scope, control, value, context] of steps) {
      await pick(page, user, scope);
      const before = answers(engine, user, scope);
      assert.deepEqual(sorted(await shown(page)), sorted(before));
      const after = answers(engine, user, scope, context);
      assert.notDeepEqual(after, before, `the context matters for ${user} at ${scope}`);
      const tag = await page.$eval(control, (el) => el.tagName);
      if (tag === "SELECT") await page.selectOption(control, value);
      else await page.fill(control, value);
      assert.deepEqual(sorted(await shown(page)), sorted(after), `${user} at ${scope} with ${JSON.stringify(context)}`);
      // Back to the model's defaults.
      if (tag === "SELECT") await page.selectOption(control, "");
      else await page.fill(control, modelDoc.context[control.slice(5)].default);
      assert.deepEqual(sorted(await shown(page)), sorted(before));
    }

    // The screenshot for the README: a developer profile in a Studio project, launched from Studio.
    await pick(page, "kemal@acme.test", "acme/studio/portal");
    await page.selectOption("#ctx-launchedFrom", "studio");
    await page.click('#panel-view [data-permission="studio.processes"]');
    await page.hover('#panel-view [data-permission="studio.configuration"]');
    await page.waitForSelector("#tip:not([hidden])");
    await screenshot(page, "explorer.png");
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("explorer: who can lists the engine's users with their grant paths", LIMIT, async () => {
  const engine = Engine.bizagi(directoryText);
  const { page, errors, close } = await open("");
  try {
    // Keyboard: arrows move between the tabs.
    await page.focus("#tab-view");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-who");
    assert.equal(await page.isVisible("#panel-who"), true);
    let total = 0;
    for (const [permission, scope] of [["mc.connect", "acme/automation/claims/production"], ["project.edit", "acme/studio/portal"], ["subscription.read", "acme/automation"], ["studio.configuration", "acme/studio/portal"]]) {
      await page.click(`#scopes [data-scope="${scope}"]`);
      await page.selectOption("#who-permission", permission);
      const rows = await page.$$eval("#who-result tr", (trs) => trs.map((tr) => [tr.dataset.user, tr.querySelectorAll("li").length]));
      const want = engine.whoCan(permission, scope).map((u) => [u, engine.explain(u, permission, scope).grants.length]);
      assert.deepEqual(rows, want, `${permission} at ${scope}`);
      total += want.length;
    }
    assert.ok(total > 5);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("explorer: a live assign and revoke, gated by canAssign, update every view", LIMIT, async () => {
  const engine = Engine.bizagi(directoryText);
  const { page, errors, close } = await open("");
  const [user, scope, role] = ["ines@acme.test", "acme/automation/onboarding/production", "environment-technical"];
  try {
    await pick(page, user, scope);
    const before = answers(engine, user, scope);
    await page.click("#tab-edit");

    // Acting as the target herself: refused, and the row says why.
    await page.selectOption("#actor", user);
    const refusal = engine.canAssign(user, role, scope, user);
    assert.equal(refusal.allowed, false);
    const row = `#panel-edit tr[data-role="${role}"]`;
    assert.equal(await page.getAttribute(row, "data-allowed"), "false");
    assert.ok((await page.textContent(row)).includes(refusal.reason));
    // A gated button stays focusable (aria-disabled); activating it shows the engine's refusal.
    await page.focus(`${row} [data-assign]`);
    await page.keyboard.press("Enter");
    assert.match(await page.textContent("#edit-status"), /^Refused \(not_allowed\): /);
    assert.deepEqual(sorted(await shown(page)), sorted(before), "a refusal changes nothing");

    // The gating is canAssign's, role by role, for each acting user.
    const seen = new Set();
    for (const actor of ["hiro@acme.test", user, "ana@acme.test"]) {
      await page.selectOption("#actor", actor);
      const gates = await page.$$eval("#panel-edit tr[data-role]", (trs) => trs.map((tr) => [tr.dataset.role, tr.dataset.allowed === "true"]));
      const want = engine.roles().flatMap((r) => {
        try {
          return [[r.id, engine.canAssign(actor, r.id, scope, user).allowed]];
        } catch (e) {
          if (e.code === "level_mismatch") return [];
          throw e;
        }
      });
      assert.deepEqual(gates, want, actor);
      want.forEach(([, ok]) => seen.add(ok));
    }
    assert.equal(seen.size, 2, "some roles are refused and some allowed");

    // Allowed: assign, and every view follows at once.
    await page.click(`${row} [data-assign]`);
    assert.match(await page.textContent("#edit-status"), /assigned/);
    engine.assign(user, role, scope, "ana@acme.test");
    const after = answers(engine, user, scope);
    assert.notDeepEqual(after, before);
    assert.deepEqual(sorted(await shown(page)), sorted(after));
    await page.click("#tab-who");
    await page.selectOption("#who-permission", "mc.connect");
    assert.deepEqual(await page.$$eval("#who-result tr", (trs) => trs.map((tr) => tr.dataset.user)), engine.whoCan("mc.connect", scope));
    assert.ok(engine.whoCan("mc.connect", scope).includes(user));

    // Revoke as the same actor: back to where it was.
    await page.click("#tab-edit");
    await page.click(`${row} [data-revoke]`);
    engine.revoke(user, role, scope, "ana@acme.test");
    assert.deepEqual(sorted(await shown(page)), sorted(answers(engine, user, scope)));
    assert.deepEqual(sorted(await shown(page)), sorted(before));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("explorer: the matrix is the engine's, grouped by level and by permission group", LIMIT, async () => {
  const m = Engine.bizagi().matrix();
  const { page, errors, close } = await open("");
  try {
    await page.click("#tab-matrix");
    const cells = await page.$$eval("#matrix td[data-cell]", (tds) => tds.map((td) => [td.dataset.role, td.dataset.permission, td.dataset.cell, td.title]));
    assert.equal(cells.length, m.roles.length * m.permissions.length);
    let inherited = 0;
    for (const [role, permission, cell, title] of cells) {
      const i = m.roles.indexOf(role);
      const j = m.permissions.indexOf(permission);
      assert.equal(cell, m.cells[i][j] ?? "none", `${role} x ${permission}`);
      if (cell === "inherited") {
        inherited++;
        assert.ok(title.includes(`(${m.from[i][j]})`), title);
      }
    }
    assert.ok(inherited > 0);
    // Groups and levels come from the model file, in its order.
    const groups = await page.$$eval("#matrix tbody[data-group]", (els) => els.map((e) => e.dataset.group));
    assert.deepEqual(groups, [...new Set(modelDoc.permissions.map((p) => p.group))]);
    const levels = await page.$$eval("#matrix th[data-level]", (els) => els.map((e) => e.dataset.level));
    assert.deepEqual(levels, modelDoc.levels.map((l) => l.id).filter((l) => modelDoc.roles.some((r) => r.level === l)));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

// A model of another domain, with its own labels, groups and context.
const OTHER_MODEL = {
  name: "tiny",
  levels: [{ id: "org", label: "Organisation" }, { id: "team", parent: "org", label: "Team", membership: "org" }],
  permissions: [
    { id: "app.web", level: "any", label: "Web app", group: "apps", portal: true },
    { id: "app.beta", level: "any", label: "Beta app", group: "apps", portal: true, when: { context: "channel", eq: "beta" } },
    { id: "org.billing", level: "org", label: "Billing", group: "organisation" },
    { id: "team.read", level: "team", label: "Read", group: "team" },
    { id: "team.write", level: "team", label: "Write", group: "team", requires: ["team.read"] },
  ],
  roles: [
    { id: "owner", level: "org", label: "Owner", grants: ["org.billing", "app.beta"], inherits: ["lead"] },
    { id: "lead", level: "team", label: "Lead", grants: ["team.write", "app.web"], inherits: ["member"] },
    { id: "member", level: "team", label: "Member", grants: ["team.read"], inherits: [] },
  ],
  context: { channel: { label: "Channel" } },
};
const OTHER_DIRECTORY = {
  scopes: ["co", "co/red", "co/blue"],
  members: { co: ["kim@co.test", "lee@co.test"] },
  assignments: [
    { user: "kim@co.test", role: "owner", scope: "co" },
    { user: "lee@co.test", role: "member", scope: "co/blue" },
  ],
};

test("explorer: your own model, its errors with code and path, and views that follow it", LIMIT, async () => {
  const { page, errors, close } = await open("");
  try {
    await page.click("#tab-model");
    const bad = { ...OTHER_MODEL, roles: [...OTHER_MODEL.roles.slice(0, 2), { ...OTHER_MODEL.roles[2], inherits: ["nobody"] }] };
    const badDirectory = { ...OTHER_DIRECTORY, assignments: [{ user: "kim@co.test", role: "owner", scope: "co/nowhere" }] };
    for (const [model, directory] of [[bad, OTHER_DIRECTORY], [OTHER_MODEL, badDirectory], ["{ \"levels\": [", ""]]) {
      let thrown;
      try {
        Engine.fromModel(model, directory || undefined);
      } catch (e) {
        thrown = e;
      }
      assert.ok(thrown?.code, "the input is refused in Node");
      await page.fill("#model-text", typeof model === "string" ? model : JSON.stringify(model, null, 2));
      await page.fill("#directory-text", typeof directory === "string" ? directory : JSON.stringify(directory));
      await page.click("#apply-model");
      assert.equal(await page.textContent("[data-error-code]"), thrown.code);
      if (thrown.path !== undefined) assert.equal(await page.textContent("[data-error-path]"), thrown.path);
    }
    assert.equal(await page.textContent("#model-name"), "bizagi", "a refused model leaves the page as it was");

    await page.fill("#model-text", JSON.stringify(OTHER_MODEL, null, 2));
    await page.fill("#directory-text", JSON.stringify(OTHER_DIRECTORY));
    await page.click("#apply-model");
    assert.equal(await page.textContent("#model-name"), "tiny");
    const engine = Engine.fromModel(OTHER_MODEL, OTHER_DIRECTORY);
    await page.click("#tab-matrix");
    const cells = await page.$$eval("#matrix td[data-cell]", (tds) => tds.map((td) => [td.dataset.role, td.dataset.permission, td.dataset.cell]));
    const m = engine.matrix();
    assert.deepEqual(cells.sort(), m.roles.flatMap((r, i) => m.permissions.map((p, j) => [r, p, m.cells[i][j] ?? "none"])).sort());
    assert.deepEqual(await page.$$eval("#matrix tbody[data-group]", (els) => els.map((e) => e.dataset.group)), ["apps", "organisation", "team"]);

    await page.click("#tab-view");
    for (const [user, scope] of [["kim@co.test", "co"], ["kim@co.test", "co/red"], ["lee@co.test", "co/blue"], ["lee@co.test", "co/red"]]) {
      await pick(page, user, scope);
      assert.deepEqual(sorted(await shown(page)), sorted(answers(engine, user, scope)), `${user} at ${scope}`);
    }
    // Its own context key gets a control, read from its conditions.
    await pick(page, "kim@co.test", "co");
    await page.selectOption("#ctx-channel", "beta");
    assert.deepEqual(sorted(await shown(page)), sorted(answers(engine, "kim@co.test", "co", { channel: "beta" })));
    assert.equal((await shown(page))["app.beta"], true);

    await page.click("#tab-model");
    await page.click("#reset-model");
    assert.equal(await page.textContent("#model-name"), "bizagi");
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("explorer: every form control has a label", LIMIT, async () => {
  const { page, errors, close } = await open("");
  try {
    for (const tab of ["view", "who", "edit", "matrix", "model"]) await page.click(`#tab-${tab}`);
    const unlabelled = await page.$$eval("select, input, textarea", (els) =>
      els.filter((el) => !(el.labels?.length || el.getAttribute("aria-label"))).map((el) => el.outerHTML));
    assert.deepEqual(unlabelled, []);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

// ------------------------------------------------------------------------------------------------
// The portal demo

test("portal: navigation and buttons are gated as the engine answers", LIMIT, async (t) => {
  const engine = Engine.bizagi(directoryText);
  const scopes = engine.exportDirectory().scopes;
  const { page, errors, ms, close } = await open("portal.html");
  try {
    t.diagnostic(`portal ready in ${ms} ms`);
    assert.ok(ms < 5000, `loads fast: ${ms} ms`);
    let on = 0;
    let off = 0;
    for (const user of ["ana@acme.test", "carla@acme.test", "hiro@acme.test", "kemal@acme.test", "pablo@acme.test"]) {
      await page.selectOption("#who", user);
      // A scope is reachable from the navigation when the user holds anything there.
      const reachable = await page.$$eval("#nav button[data-scope]", (els) => els.map((e) => e.dataset.scope));
      assert.deepEqual(reachable, scopes.filter((s) => engine.permissions(user, s).length > 0), user);
      for (const scope of reachable.slice(0, 6)) {
        await page.click(`#nav [data-scope="${scope}"]`);
        await page.waitForSelector(`#page[data-scope="${scope}"]`);
        const buttons = await page.$$eval("main [data-permission]", (els) => els.map((e) => [e.dataset.permission, !e.disabled]));
        assert.ok(buttons.length >= 9, `${user} at ${scope}: the portals and the level's controls`);
        for (const [permission, enabled] of buttons) {
          assert.equal(enabled, engine.check(user, permission, scope), `${user}: ${permission} at ${scope}`);
          enabled ? on++ : off++;
        }
      }
    }
    assert.ok(on > 20 && off > 20, `${on} / ${off}`);
    await page.selectOption("#who", "hiro@acme.test");
    await page.click('#nav [data-scope="acme/automation/claims/production"]');
    await screenshot(page, "portal.png");
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
