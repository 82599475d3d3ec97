// Cloudflare Workers / workerd: the .wasm is imported as a compiled module; ready at import.
import wasmModule from "./web/rolecascade_core_bg.wasm";
import { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_core.js";
import { makeEngine, PermissionView } from "./engine.mjs";

wbgInitSync({ module: wasmModule });

export const Engine = makeEngine(RawEngine, () => {});
export { PermissionView };
export async function init() {}
export function initSync() {}
export default init;
