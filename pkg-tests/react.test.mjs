// The README's React hook, as written there, re-renders a component when the engine changes: a
// button gated by `view.has("project.delete")` turns on after `assign` and off after `revoke`,
// in React 19 in Chromium (bundled by esbuild with rolecascade/inline).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { runPage, indexHtml } from "./browser.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const hook = [...readme.matchAll(/```jsx\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes("useSyncExternalStore"));

const app = `
import { Profiler } from "react";
import { createRoot } from "react-dom/client";
import { Engine, loadAuthoring } from "rolecascade/inline";
import { DeleteProject } from "./hook.jsx";

const directory = {
  companies: [{ id: "acme", users: ["ana@acme.test", "bo@acme.test"], subscriptions: [
    { service: "automation", users: ["ana@acme.test", "bo@acme.test"], projects: [{ id: "claims" }] },
  ] }],
  assignments: [{ user: "ana@acme.test", role: "subscription-owner", scope: "acme/automation" }],
};
const settle = () => new Promise((r) => setTimeout(r, 30));
const steps = [];
let renders = 0;
try {
  await loadAuthoring();
  const engine = Engine.bizagi(directory);
  const root = createRoot(document.getElementById("root"));
  root.render(
    <Profiler id="gate" onRender={() => renders++}>
      <DeleteProject engine={engine} user="bo@acme.test" project="acme/automation/claims" />
    </Profiler>,
  );
  await settle();
  const step = (label) => steps.push({ label, disabled: document.querySelector("button").disabled, renders, version: engine.version });
  step("first");
  engine.assign("bo@acme.test", "project-owner", "acme/automation/claims");
  await settle();
  step("assigned");
  engine.revoke("bo@acme.test", "project-owner", "acme/automation/claims");
  await settle();
  step("revoked");
  engine.assign("bo@acme.test", "project-owner", "acme/automation/claims", "ana@acme.test");
  await settle();
  step("assigned by ana");
  root.unmount();
  engine.revoke("bo@acme.test", "project-owner", "acme/automation/claims");
  await settle();
  steps.push({ label: "after unmount", renders, version: engine.version });
  document.body.dataset.steps = JSON.stringify(steps);
} catch (e) {
  document.body.dataset.steps = JSON.stringify({ failed: String(e) });
}
document.body.dataset.ready = "yes";
`;

test("the README's hook re-renders a gated button after assign and revoke", { timeout: 120_000 }, async (t) => {
  assert.ok(hook, "README.md has a jsx block with the hook");
  // The sources inside pkg-tests (react and rolecascade resolve from here), the bundle elsewhere.
  const src = mkdtempSync(join(here, ".react-"));
  const out = mkdtempSync(join(tmpdir(), "rolecascade-react-"));
  t.after(() => {
    rmSync(src, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  writeFileSync(join(src, "hook.jsx"), hook);
  writeFileSync(join(src, "main.jsx"), app);
  await build({
    entryPoints: [join(src, "main.jsx")],
    bundle: true,
    format: "esm",
    platform: "browser",
    jsx: "automatic",
    // The development build: Profiler counts renders there, and React checks the hook's use.
    define: { "process.env.NODE_ENV": '"development"' },
    outfile: join(out, "app.js"),
    logLevel: "error",
  });
  writeFileSync(join(out, "index.html"), indexHtml("app.js"));
  const { data, errors } = await runPage(out);
  assert.deepEqual(errors, []);
  const steps = JSON.parse(data.steps);
  assert.ok(Array.isArray(steps), data.steps);
  const [first, assigned, revoked, byAna, unmounted] = steps;
  assert.deepEqual([first.disabled, assigned.disabled, revoked.disabled, byAna.disabled], [true, false, true, false]);
  assert.deepEqual([first.version, assigned.version, revoked.version, byAna.version, unmounted.version], [0, 1, 2, 3, 4]);
  // One render per change, none after unmounting (the hook unsubscribed).
  assert.deepEqual([assigned.renders - first.renders, revoked.renders - assigned.renders, byAna.renders - revoked.renders], [1, 1, 1]);
  assert.equal(unmounted.renders, byAna.renders);
});
