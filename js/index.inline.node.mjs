// `rolecascade/inline` in Node, Deno and Bun (and the package's entry for Deno): both wasm
// modules inside this file (base64), read nothing from disk, ready as soon as the import returns;
// a bundle of it runs from any folder. `./inline/*` is written by scripts/build-pkg.sh.
import wbgInit, { initSync as wbgInitSync, RawEngine } from "./inline/runtime-glue.js";
// The runtime module built for speed (scripts/build-pkg.sh): no page downloads this file.
import wasm from "./inline/runtime-speed-wasm.js";
import { bytes } from "./base64.mjs";
import { authoringModule } from "./inline-authoring.mjs";
import { makeEngine, PermissionView, shown } from "./engine.mjs";
import { RolecascadeError } from "./errors.mjs";
import { loadText } from "./directory.mjs";

let ready = false;

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

export async function loadAuthoring() {
  authoringModule();
}

export const Engine = makeEngine(RawEngine, () => initSync(), authoringModule, loadText);
export { PermissionView, RolecascadeError, shown };
export default init;
