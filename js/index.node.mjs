// Node, as an ES module: ready to use as soon as the import returns. Each wasm module is read
// from beside this file the first time it is needed, not at import, so that a bundle or a
// single-file build can hand the bytes over first: `initSync(bytes)` or `await init(input)` for
// the runtime, `await loadAuthoring(bytes)` for the authoring module (or use `rolecascade/inline`).
import { readFileSync } from "node:fs";
import wbgInit, { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_runtime.js";
import { makeEngine, PermissionView, RolecascadeError, shown } from "./engine.mjs";
import * as authoringGlue from "./web/rolecascade_authoring.js";
import { fullMethods } from "./full.mjs";

const here = (file) => new URL(`./web/${file}`, import.meta.url);
let ready = false;
let authoringModule;

// A wasm file beside the package; in a bundle run from elsewhere it is not there (or, in a
// CommonJS bundle, there is no import.meta.url to find it by): say what to do.
function wasmFile(name, call) {
  try {
    return readFileSync(here(name));
  } catch (e) {
    if (e?.code !== "ENOENT" && e?.code !== "ERR_INVALID_URL") throw e;
    throw new RolecascadeError("not_initialized", `${name} is not beside the package (${e.path}): in a bundle, pass its bytes to ${call} first, or import rolecascade/inline`);
  }
}

function ensureReady() {
  if (!ready) initSync(wasmFile("rolecascade_runtime_bg.wasm", "initSync()"));
}

/** The runtime module from `input` (bytes, a WebAssembly.Module, a file path or URL, a Response); without one, the file beside this one. */
export async function init(input) {
  if (ready) return;
  if (input == null) return ensureReady();
  if (typeof input === "string" || (input instanceof URL && input.protocol === "file:")) input = readFileSync(input);
  await wbgInit({ module_or_path: input });
  ready = true;
}

/** The runtime module from bytes or a WebAssembly.Module (`{ module }` also taken); without one, the file beside this one. */
export function initSync(input) {
  if (ready) return;
  if (input == null) return ensureReady();
  wbgInitSync(input.module !== undefined ? input : { module: input });
  ready = true;
}

function authoring(input) {
  if (authoringModule === undefined) {
    const a = authoringGlue;
    const { memory } = a.initSync({ module: input ?? wasmFile("rolecascade_authoring_bg.wasm", "loadAuthoring()") });
    authoringModule = { ...a, methods: fullMethods(a, memory) };
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
