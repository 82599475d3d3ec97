// @cjs
// What the package's two Node entries share (index.node.mjs, index.node.cjs): each wasm module is
// read from beside the package the first time it is needed, not at import, so that a bundle or a
// single-file build can hand the bytes over first: `initSync(bytes)` or `await init(input)` for
// the runtime, `await loadAuthoring(bytes)` for the authoring module (or use `rolecascade/inline`).
// The entries differ only in how they find the files and load the glue, which they pass in.

import { makeEngine } from "./engine.mjs";
import { loadText } from "./directory.mjs";
import { RolecascadeError } from "./errors.mjs";

/**
 * The entry's `init`, `initSync`, `loadAuthoring` and `Engine`, over `readFileSync`, `here(file)`
 * (a wasm file's path or URL), the runtime's glue (`init`, `initSync`, `RawEngine`), the
 * authoring module's glue (`authoringGlue()`, loaded when first needed) and full.mjs's
 * `fullMethods`.
 */
export function nodeEntry({ readFileSync, here, runtime, authoringGlue, fullMethods }) {
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

  // The runtime module built for speed (scripts/build-pkg.sh): the same exports as the one pages
  // load, built for size; `initSync` and `init` take either.
  function ensureReady() {
    if (!ready) initSync(wasmFile("rolecascade_runtime_speed_bg.wasm", "initSync()"));
  }

  /** The runtime module from `input` (bytes, a WebAssembly.Module, a file path or URL, a Response); without one, the file beside the package. */
  async function init(input) {
    if (ready) return;
    if (input == null) return ensureReady();
    if (typeof input === "string" || (input instanceof URL && input.protocol === "file:")) input = readFileSync(input);
    await runtime.init({ module_or_path: input });
    ready = true;
  }

  /** The runtime module from bytes or a WebAssembly.Module (`{ module }` also taken); without one, the file beside the package. */
  function initSync(input) {
    if (ready) return;
    if (input == null) return ensureReady();
    runtime.initSync(input.module !== undefined ? input : { module: input });
    ready = true;
  }

  function authoring(input) {
    if (authoringModule === undefined) {
      const a = authoringGlue();
      const { memory } = a.initSync({ module: input ?? wasmFile("rolecascade_authoring_bg.wasm", "loadAuthoring()") });
      authoringModule = { ...a, methods: fullMethods(a, memory) };
    }
    return authoringModule;
  }

  /** The authoring module, from bytes or a WebAssembly.Module when given (otherwise read when a call first needs it). */
  async function loadAuthoring(input) {
    if (typeof input === "string" || input instanceof URL) input = readFileSync(input);
    authoring(input?.module ?? input);
  }

  return { init, initSync, loadAuthoring, Engine: makeEngine(runtime.RawEngine, ensureReady, () => authoring(), loadText) };
}
