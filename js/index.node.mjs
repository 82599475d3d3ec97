// Node, as an ES module: ready to use as soon as the import returns. Each wasm module is read
// from beside this file the first time it is needed, not at import, so that a bundle or a
// single-file build can hand the bytes over first: `initSync(bytes)` or `await init(input)` for
// the runtime, `await loadAuthoring(bytes)` for the authoring module (or use `rolecascade/inline`).
// The rest is shared with the CommonJS entry (js/node.mjs, inside engine.mjs here).
import { readFileSync } from "node:fs";
import wbgInit, { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_runtime.js";
import { nodeEntry, PermissionView, RolecascadeError, shown } from "./engine.mjs";
import * as authoringGlue from "./web/rolecascade_authoring.js";
import { fullMethods } from "./full.mjs";

export const { init, initSync, loadAuthoring, Engine } = nodeEntry({
  readFileSync,
  here: (file) => new URL(`./web/${file}`, import.meta.url),
  runtime: { init: wbgInit, initSync: wbgInitSync, RawEngine },
  authoringGlue: () => authoringGlue,
  fullMethods,
});
export { PermissionView, RolecascadeError, shown };
export default init;
