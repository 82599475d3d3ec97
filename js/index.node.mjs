// Node, as an ES module: ready to use as soon as the import returns. Each wasm module is read
// from beside this file the first time it is needed, not at import, so that a bundle or a
// single-file build can hand the bytes over first: `initSync(bytes)` or `await init(input)` for
// the runtime, `await loadAuthoring(bytes)` for the authoring module (or use `rolecascade/inline`).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import wbgInit, { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_runtime.js";
import { makeEngine, PermissionView, RolecascadeError, shown } from "./engine.mjs";
import { fullMethods } from "./full.mjs";

const require = createRequire(import.meta.url);
const here = (file) => new URL(`./web/${file}`, import.meta.url);
let ready = false;
let authoringModule;

function ensureReady() {
  if (!ready) initSync(readFileSync(here("rolecascade_runtime_bg.wasm")));
}

/** The runtime module from `input` (bytes, a WebAssembly.Module, a file path or URL, a Response); without one, the file beside this one. */
export async function init(input) {
  if (ready) return;
  if (input === undefined) return ensureReady();
  if (typeof input === "string" || (input instanceof URL && input.protocol === "file:")) input = readFileSync(input);
  await wbgInit({ module_or_path: input });
  ready = true;
}

/** The runtime module from bytes or a WebAssembly.Module (`{ module }` also taken); without one, the file beside this one. */
export function initSync(input) {
  if (ready) return;
  if (input === undefined) return ensureReady();
  wbgInitSync(input.module !== undefined ? input : { module: input });
  ready = true;
}

function authoring(input) {
  if (authoringModule === undefined) {
    const a = require("./web/rolecascade_authoring.cjs");
    a.initSync({ module: input ?? readFileSync(here("rolecascade_authoring_bg.wasm")) });
    authoringModule = { ...a, methods: fullMethods(a) };
  }
  return authoringModule;
}

/** The authoring module, from bytes or a WebAssembly.Module when given (otherwise read when a call first needs it). */
export async function loadAuthoring(input) {
  if (typeof input === "string" || input instanceof URL) input = readFileSync(input);
  authoring(input?.module ?? input);
}

export const Engine = makeEngine(RawEngine, ensureReady, () => authoring());
export { PermissionView, RolecascadeError, shown };
export default init;
