// Accessibility and the phone layout, on every tab of both pages: axe-core (from node_modules,
// injected into Chromium) must find no serious or critical violation, at a desktop width and at a
// 390 px phone width; and at 390 px nothing may stick out of the viewport (the page never scrolls
// sideways; wide content such as the matrix scrolls inside its own focusable region).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { start, open, root, screenshot, LIMIT } from "./helpers.mjs";

const AXE = join(root, "node_modules", "axe-core", "axe.min.js");

let env;
before(async () => (env = await start()));
after(async () => env?.stop());

async function axe(page, where) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${where}: ${JSON.stringify(bad, null, 1)}`);
  return violations.length;
}

/** Elements whose right edge passes the viewport, outside any region that scrolls or clips. */
function overflow(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const bad = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if ((r.width === 0 && r.height === 0) || r.right <= vw + 1) continue;
      let p = el.parentElement;
      let inside = false;
      while (p && p !== document.body) {
        if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX)) {
          inside = true;
          break;
        }
        p = p.parentElement;
      }
      if (!inside) bad.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, vw, bad: bad.slice(0, 8) };
  });
}

async function checkWidth(page, where) {
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.vw, `${where}: the page is ${o.scrollWidth} px wide at ${o.vw} px`);
  assert.deepEqual(o.bad, [], `${where}: wider than the viewport`);
}

/** Every tab of the explorer in a telling state: a story open, a preview, a cell, a check. */
const EXPLORER_STEPS = [
  ["Access, a denied permission's story", "#u=hiro@acme.test&s=acme/automation/claims/production&w=mc.security", null],
  ["Who can", "#u=hiro@acme.test&s=acme/automation/claims/production&t=who&p=mc.connect", null],
  ["Change roles, with what-if", "#u=ines@acme.test&s=acme/automation/claims/production&t=edit&a=hiro@acme.test", async (page) => {
    await page.click('#edit-body li[data-role="environment-technical"] [data-preview]');
    await page.waitForSelector("#whatif:not([hidden])");
  }],
  ["The model, a cell selected", "#t=matrix", async (page) => {
    await page.click('#matrix td[data-role="environment-owner"][data-permission="mc.security"] button');
    await page.click('#graph [data-role="project-owner"]');
  }],
  ["Checks, one pinned", "#u=hiro@acme.test&s=acme/automation/claims/production&w=mc.security", async (page) => {
    await page.click('[data-why] [data-pin="check"]');
    await page.click("#tab-checks");
  }],
  ["Your model", "#t=model", async (page) => page.waitForFunction(() => document.querySelector("#model-text").value.length > 100)],
  ["Your model, what changes", "#t=model", async (page) => {
    await page.waitForFunction(() => document.querySelector("#model-text").value.length > 100);
    const m = JSON.parse(await page.inputValue("#model-text"));
    m.roles.find((r) => r.id === "project-contributor").inherits = ["environment-basic"];
    m.roles.find((r) => r.id === "project-owner").grants.pop();
    await page.fill("#model-text", JSON.stringify(m, null, 2));
    await page.click("#diff-model");
    await page.waitForSelector("#model-diff:not([hidden]) [data-gained]");
    await page.$$eval("#model-diff details", (ds) => ds.forEach((d) => (d.open = true)));
  }],
  ["The people picker, open", "#u=hiro@acme.test&s=acme/automation/claims/production", async (page) => {
    await page.click("#user");
    await page.keyboard.press("ArrowDown");
  }],
  ["Another model (its own context)", "#m=saas&d=sample&u=ben@acme.dev&s=acme/prod/api&w=repo.secrets.read", null],
];

for (const [width, label] of [[1280, "desktop"], [390, "phone"]]) {
  test(`explorer, ${label} (${width} px): axe-core finds nothing serious on any tab${width < 500 ? ", and nothing is wider than the screen" : ""}`, LIMIT, async () => {
    const { page, errors, close } = await open(env, "", { width, height: 844 });
    try {
      let minor = 0;
      for (const [where, hash, step] of EXPLORER_STEPS) {
        await page.evaluate((h) => (location.hash = h), hash.slice(1));
        await page.waitForFunction((h) => new URLSearchParams(location.hash.slice(1)).get("u") === (new URLSearchParams(h.slice(1)).get("u") ?? new URLSearchParams(location.hash.slice(1)).get("u")), hash);
        await page.waitForSelector('[role="tabpanel"]:not([hidden])');
        if (step) await step(page);
        minor += await axe(page, where);
        if (width < 500) {
          await checkWidth(page, where);
          if (where === "Access, a denied permission's story") await screenshot(page, "explorer-phone.png");
          if (where === "Access, a denied permission's story") {
            // The scope tree, opened on a phone, fits too.
            await page.click("#scope-toggle");
            await checkWidth(page, "the scope tree");
            await page.click("#scope-toggle");
          }
        }
      }
      assert.ok(minor >= 0);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test(`portal demo, ${label} (${width} px): axe-core finds nothing serious${width < 500 ? ", and nothing is wider than the screen" : ""}`, LIMIT, async () => {
    const { page, errors, close } = await open(env, "portal.html#m=bizagi&d=sample&u=hiro@acme.test&s=acme/automation/claims/production", { width, height: 844 });
    try {
      const steps = [
        ["a place with controls on and off", null],
        ["a control that is off, focused", async () => {
          await page.focus('#page [data-permission="mc.security"]');
          await page.waitForSelector("#tip:not([hidden])");
        }],
        ["all workspaces", async () => page.click('#portals [data-portal=""]')],
        ["a portal opened", async () => {
          await page.fill("#who", "bruno@acme.test");
          await page.click('[role=option][data-user="bruno@acme.test"]');
          await page.click('#portals [data-portal="portal.management-console"]');
        }],
        ["an action opened", async () => page.click("#page [data-permission][aria-disabled=false]")],
        ["another model", async () => {
          await page.evaluate(() => (location.hash = "m=saas&d=sample&u=ada@acme.dev"));
          await page.waitForFunction(() => document.querySelector("#who").value === "ada@acme.dev");
        }],
      ];
      for (const [where, step] of steps) {
        if (step) await step();
        await axe(page, `portal: ${where}`);
        if (width < 500) await checkWidth(page, `portal: ${where}`);
        if (width < 500 && where === "a control that is off, focused") await screenshot(page, "portal-phone.png");
      }
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}
