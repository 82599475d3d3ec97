// Cloudflare Workers / workerd: the .wasm files are imported as compiled modules; the runtime is
// ready at import, the authoring module is instantiated the first time a call needs it.
import runtimeWasm from "./web/rolecascade_runtime_bg.wasm";
import authoringWasm from "./web/rolecascade_authoring_bg.wasm";
import { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_runtime.js";
import * as authoringGlue from "./web/rolecascade_authoring.js";
import { makeEngine, PermissionView, shown } from "./engine.mjs";
import { fullMethods } from "./full.mjs";

wbgInitSync({ module: runtimeWasm });

let authoringReady = false;
function authoring() {
  if (!authoringReady) {
    const { memory } = authoringGlue.initSync({ module: authoringWasm });
    authoringReady = { ...authoringGlue, methods: fullMethods(authoringGlue, memory) };
  }
  return authoringReady;
}

export const Engine = makeEngine(RawEngine, () => {}, authoring);
export { PermissionView, shown };
export async function init() {}
export function initSync() {}
export async function loadAuthoring() {
  authoring();
}
export default init;
