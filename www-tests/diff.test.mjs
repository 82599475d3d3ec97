// "Your model" → "What changes?" in Chromium: the edited model against the one on screen, over
// the directory on screen, before applying. What the page shows must be Engine.diff's answer,
// computed here in Node with the package; nothing is applied until "Apply".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "rolecascade";
import { start, open, idsIn, read, sampleText, modelDoc, LIMIT, applied } from "./helpers.mjs";

let env;
before(async () => (env = await start()));
after(async () => env?.stop());

/** The default model with two edits: owners no longer delete projects, contributors get basic environment access. */
function edited() {
  const m = structuredClone(modelDoc);
  const owner = m.roles.find((r) => r.id === "project-owner");
  owner.grants = owner.grants.filter((g) => g !== "project.delete");
  m.roles.find((r) => r.id === "project-contributor").inherits = ["environment-basic"];
  return m;
}

/** The page's grouping, from the answer: (permission, people, places) per permission and role paths. */
function groups(entries, pathsOf) {
  const by = new Map();
  for (const e of entries) {
    const key = `${e.permission} ${[...new Set(pathsOf(e).map((p) => p.via.join(">") + (p.default ? "*" : "")))].sort().join("|")}`;
    const g = by.get(key) ?? { permission: e.permission, users: new Set(), scopes: new Set() };
    g.users.add(e.user);
    g.scopes.add(e.scope);
    by.set(key, g);
  }
  return [...by.values()].map((g) => `${g.permission} ${g.users.size} ${g.scopes.size}`).sort();
}

const lines = (page, list) =>
  page.$$eval(`#model-diff [${list}] li[data-permission]`, (lis) => lis.map((li) => `${li.dataset.permission} ${li.dataset.people} ${li.dataset.places}`).sort());

test("explorer: what changes, before applying, is Engine.diff's answer over the directory on screen", LIMIT, async () => {
  const { page, errors, close } = await open(env, "#t=model");
  try {
    await page.waitForFunction(() => document.querySelector("#model-text").value.length > 100);
    const model = edited();
    const want = Engine.diff(null, model, sampleText);
    assert.ok(want.gained.length > 0 && want.lost.length > 0);

    await page.fill("#model-text", JSON.stringify(model, null, 2));
    await page.click("#diff-model");
    await page.waitForSelector("#model-diff:not([hidden]) [data-gained]");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "model-diff-title", "the answer is where the keyboard is");
    const counts = await page.$eval("#model-diff [data-gained]", (p) => [p.dataset.gained, p.dataset.lost, p.dataset.unchanged].map(Number));
    assert.deepEqual(counts, [want.gained.length, want.lost.length, want.unchanged]);
    assert.deepEqual(await lines(page, "data-diff-gained"), groups(want.gained, (g) => g.via));
    assert.deepEqual(await lines(page, "data-diff-lost"), groups(want.lost, (l) => l.was));
    // People's words outside the developers' details.
    const text = await page.$eval("#model-diff", (el) => {
      const copy = el.cloneNode(true);
      copy.querySelectorAll("details.dev").forEach((x) => x.remove());
      return copy.textContent;
    });
    assert.deepEqual(idsIn(text, Engine.bizagi()), []);
    assert.match(text, /Nothing is applied yet/);
    // The role-level answer, in the details.
    const roles = Engine.diff(null, model);
    const roleItems = await page.$$eval("#model-diff [data-role-changes] li[data-role]", (lis) => lis.map((li) => `${li.dataset.role} ${li.dataset.level} ${li.dataset.permission}`).sort());
    assert.deepEqual(roleItems, [...roles.gained, ...roles.lost].map((x) => `${x.role} ${x.level} ${x.permission}`).sort());
    const json = JSON.parse(await page.textContent("#model-diff [data-diff-json]"));
    assert.deepEqual(json.gained.length, want.gained.length);

    // Nothing was applied: the page still shows the default model.
    assert.equal(await page.inputValue("#model-pick"), "bizagi");
    assert.equal(await page.$eval("#model-message", (m) => m.dataset.applied ?? null), null);

    // Editing the model puts the answer away; applying it, too.
    await page.fill("#model-text", JSON.stringify(modelDoc));
    assert.equal(await page.isHidden("#model-diff"), true);
    await page.click("#diff-model");
    await page.waitForSelector('#model-diff:not([hidden]) [data-gained="0"][data-lost="0"]');
    assert.match(await page.textContent("#model-diff"), /nobody gains or loses anything/);

    // A refused model: its code and path.
    const bad = structuredClone(modelDoc);
    bad.roles[3].inherits = ["nobody"];
    await page.fill("#model-text", JSON.stringify(bad));
    await page.click("#diff-model");
    await page.waitForSelector("#model-diff [data-error-code]");
    assert.equal(await page.textContent("#model-diff [data-error-code]"), "unknown_role");
    assert.equal(await page.textContent("#model-diff [data-error-path]"), "roles[3].inherits[0]");

    // Another model entirely: the directory on screen does not fit it; each role's changes remain.
    await page.fill("#model-text", read("models", "saas.json"));
    await page.click("#diff-model");
    await page.waitForSelector("#model-diff [data-diff-error]");
    assert.ok((await page.$$("#model-diff [data-role-changes] li")).length > 0);

    // After applying an edit, what changes is measured against it (the last applied model).
    await page.fill("#model-text", JSON.stringify(model, null, 2));
    await page.click("#apply-model");
    await applied(page);
    assert.equal(await page.isHidden("#model-diff"), true);
    await page.click("#diff-model");
    await page.waitForSelector('#model-diff:not([hidden]) [data-gained="0"][data-lost="0"]');
    await page.fill("#model-text", JSON.stringify(modelDoc));
    await page.click("#diff-model");
    const back = Engine.diff(model, modelDoc, Engine.fromModel(model, sampleText).exportDirectory());
    await page.waitForSelector(`#model-diff:not([hidden]) [data-gained="${back.gained.length}"][data-lost="${back.lost.length}"]`);
    assert.equal(back.gained.length, want.lost.length);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
