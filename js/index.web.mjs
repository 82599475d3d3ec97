// Browsers and bundlers: `await init()` (or `initSync`) before using `Engine`. The authoring
// module (compiling a model given as a document, describe, roles, matrix) is a second wasm
// file, fetched by `await loadAuthoring()` only by pages that need it.
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
 * Fetches and instantiates the authoring module: needed by `Engine.fromModel`, `describe`,
 * `roles`, `matrix` and `roleLabel` (a model compiled ahead of time needs none of it).
 */
export async function loadAuthoring(input) {
  const a = await import("./web/rolecascade_authoring.js");
  await a.default(input === undefined ? undefined : { module_or_path: input });
  authoringModule = a;
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
