// Browsers and bundlers: `await init()` (or `initSync`) before using `Engine`. The authoring
// module (a second wasm file and full.mjs: compiling a model given as a document, explanations,
// who-can, portals, changes, exports, snapshots, describe, roles, matrix) is fetched by
// `await loadAuthoring()`, only by pages that need it.
import wbgInit, { initSync as wbgInitSync, RawEngine } from "./web/rolecascade_runtime.js";
import { makeEngine, PermissionView, shown } from "./engine.mjs";

let ready = false;
let authoringModule;

function notReady(message) {
  const err = new Error(message);
  err.code = "not_initialized";
  return err;
}

/** Fetches and instantiates the runtime module (`input`: its URL, a Response, bytes or a module). */
export async function init(input) {
  await wbgInit(input === undefined ? undefined : { module_or_path: input });
  ready = true;
}

export function initSync(input) {
  wbgInitSync(input && input.module !== undefined ? input : { module: input });
  ready = true;
}

/**
 * Fetches and instantiates the authoring module: needed by every call but `check`,
 * `permissions`, `view`, `loadDirectory` and the engines of `Engine.bizagi` and
 * `Engine.fromCompiled` (those answer from the runtime module alone).
 */
export async function loadAuthoring(input) {
  if (authoringModule !== undefined) return;
  const [a, f] = await Promise.all([import("./web/rolecascade_authoring.js"), import("./full.mjs")]);
  const { memory } = await a.default(input === undefined ? undefined : { module_or_path: input });
  authoringModule = { ...a, methods: f.fullMethods(a, memory) };
}

function ensureReady() {
  if (!ready) throw notReady("call `await init()` (or `initSync`) before using the engine in a browser");
}

function authoring() {
  if (authoringModule === undefined) throw notReady("this call needs the authoring module: `await loadAuthoring()` first (once per page)");
  return authoringModule;
}

export const Engine = makeEngine(RawEngine, ensureReady, authoring);
export { PermissionView, shown };
export default init;
