// `rolecascade/inline` for browsers and bundlers: the runtime's wasm inside this file (base64),
// so no bundler needs configuring and nothing is fetched beside it; the same API as the package.
// The engine instantiates it on first use (`await init()` first is still welcome: it compiles off
// the main thread); the authoring module comes with `await loadAuthoring()`, a separate chunk.
// `./inline/*` is written by scripts/build-pkg.sh.
import wbgInit, { initSync as wbgInitSync, RawEngine } from "./inline/runtime-glue.js";
import wasm from "./inline/runtime-wasm.js";
import { bytes } from "./base64.mjs";
import { makeEngine, PermissionView, shown } from "./engine.mjs";
import { fail, RolecascadeError } from "./errors.mjs";

let ready = false;
let authoringModule;

/** Instantiates the embedded runtime module (or `input`: bytes, a module, a URL, a Response). */
export async function init(input) {
  if (ready) return;
  await wbgInit({ module_or_path: input ?? bytes(wasm) });
  ready = true;
}

export function initSync(input) {
  if (ready) return;
  wbgInitSync(input == null ? { module: bytes(wasm) } : input.module !== undefined ? input : { module: input });
  ready = true;
}

/** Loads the authoring module (its chunk holds its wasm): needed as in the package's browser entry. */
export async function loadAuthoring() {
  if (authoringModule === undefined) authoringModule = (await import("./inline-authoring.mjs")).authoringModule();
}

function authoring() {
  if (authoringModule === undefined) throw fail("not_initialized", "this call needs the authoring module: `await loadAuthoring()` first (once per page)");
  return authoringModule;
}

export const Engine = makeEngine(RawEngine, () => initSync(), authoring);
export { PermissionView, RolecascadeError, shown };
export default init;
