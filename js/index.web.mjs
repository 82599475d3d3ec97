// Browsers and bundlers: `await init()` (or `initSync({ module })`) before using `Engine`.
import wbgInit, { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_core.js";
import { makeEngine, PermissionView } from "./engine.mjs";

let ready = false;

export async function init(input) {
  await wbgInit(input === undefined ? undefined : { module_or_path: input });
  ready = true;
}

export function initSync(input) {
  wbgInitSync(input && input.module !== undefined ? input : { module: input });
  ready = true;
}

function ensureReady() {
  if (!ready) {
    const err = new Error("call `await init()` (or `initSync`) before using the engine in a browser");
    err.code = "not_initialized";
    throw err;
  }
}

export const Engine = makeEngine(RawEngine, ensureReady);
export { PermissionView };
export default init;
