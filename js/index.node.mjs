// Node, as an ES module: ready as soon as the import returns.
import { readFileSync } from "node:fs";
import { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_core.js";
import { makeEngine, PermissionView } from "./engine.mjs";

wbgInitSync({ module: readFileSync(new URL("./web/rolecascade_core_bg.wasm", import.meta.url)) });

export const Engine = makeEngine(RawEngine, () => {});
export { PermissionView };
/** Already initialised in Node: kept so that code written for browsers runs unchanged. */
export async function init() {}
export function initSync() {}
export default init;
