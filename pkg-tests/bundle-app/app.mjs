// A small browser app using the package, bundled by esbuild in bundle.test.mjs.
import init, { Engine } from "rolecascade";

const directory = {
  companies: [{ id: "acme", users: ["ana@acme.test"], subscriptions: [{ service: "automation", users: ["ana@acme.test"], projects: [{ id: "claims", environments: ["production"] }] }] }],
  assignments: [{ user: "ana@acme.test", role: "subscription-owner", scope: "acme/automation" }],
};

await init(new URL("./rolecascade_runtime_bg.wasm", import.meta.url));
const engine = Engine.bizagi(directory);
const view = engine.view("ana@acme.test", "acme/automation/claims/production");
document.body.dataset.check = String(engine.check("ana@acme.test", "mc.security", "acme/automation/claims/production"));
document.body.dataset.denied = String(engine.check("nobody", "mc.security", "acme/automation/claims/production"));
document.body.dataset.view = view.list().join(",");
document.body.dataset.ready = "yes";
