// The authoring module for `rolecascade/inline`, its wasm inside (base64): loaded by
// `loadAuthoring()` in browsers, imported with the rest in Node and Deno. `./inline/*` is written
// by scripts/build-pkg.sh (the glue with no wasm URL in it, and the wasm as base64).
import * as glue from "./inline/authoring-glue.js";
import wasm from "./inline/authoring-wasm.js";
import { fullMethods } from "./full.mjs";
import { bytes } from "./base64.mjs";

let loaded;

/** The authoring module instantiated (once), with the engine's methods over it. */
export function authoringModule() {
  if (loaded === undefined) {
    const { memory } = glue.initSync({ module: bytes(wasm) });
    loaded = { ...glue, methods: fullMethods(glue, memory) };
  }
  return loaded;
}
