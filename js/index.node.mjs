// Node, as an ES module: ready as soon as the import returns. The authoring module is read and
// instantiated synchronously the first time a call needs it (not at import: start-up stays the
// runtime's alone).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_runtime.js";
import { makeEngine, PermissionView, shown } from "./engine.mjs";
import { fullMethods } from "./full.mjs";

wbgInitSync({ module: readFileSync(new URL("./web/rolecascade_runtime_bg.wasm", import.meta.url)) });

const require = createRequire(import.meta.url);
let authoringModule;
function authoring() {
  if (authoringModule === undefined) {
    const a = require("./web/rolecascade_authoring.cjs");
    const { memory } = a.initSync({ module: readFileSync(new URL("./web/rolecascade_authoring_bg.wasm", import.meta.url)) });
    authoringModule = { ...a, methods: fullMethods(a, memory) };
  }
  return authoringModule;
}

export const Engine = makeEngine(RawEngine, () => {}, authoring);
export { PermissionView, shown };
/** Already initialised in Node: kept so that code written for browsers runs unchanged. */
export async function init() {}
export function initSync() {}
export async function loadAuthoring() {
  authoring();
}
export default init;
