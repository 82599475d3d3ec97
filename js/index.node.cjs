// Node, as CommonJS: usable synchronously right after `require("rolecascade")`. Each wasm module
// is read from beside this file the first time it is needed, not at require, so that a bundle
// can hand the bytes over first (`initSync(bytes)`, `loadAuthoring(bytes)`).
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const core = require("./web/rolecascade_runtime.cjs");
const { makeEngine, PermissionView, RolecascadeError, shown } = require("./engine.cjs");
const { fullMethods } = require("./full.cjs");

const here = (file) => join(__dirname, "web", file);
let ready = false;
let authoringModule;

// A wasm file beside the package; in a bundle run from elsewhere it is not there: say what to do.
function wasmFile(name, call) {
  try {
    return readFileSync(here(name));
  } catch (e) {
    if (e?.code !== "ENOENT" && e?.code !== "ERR_INVALID_URL") throw e;
    throw new RolecascadeError("not_initialized", `${name} is not beside the package (${e.path}): in a bundle, pass its bytes to ${call} first, or import rolecascade/inline`);
  }
}

function ensureReady() {
  if (!ready) initSync(wasmFile("rolecascade_runtime_bg.wasm", "initSync()"));
}

function initSync(input) {
  if (ready) return;
  if (input == null) return ensureReady();
  core.initSync(input.module !== undefined ? input : { module: input });
  ready = true;
}

async function init(input) {
  if (ready) return;
  if (input == null) return ensureReady();
  if (typeof input === "string" || (input instanceof URL && input.protocol === "file:")) input = readFileSync(input);
  await core.default({ module_or_path: input });
  ready = true;
}

function authoring(input) {
  if (authoringModule === undefined) {
    const a = require("./web/rolecascade_authoring.cjs");
    const { memory } = a.initSync({ module: input ?? wasmFile("rolecascade_authoring_bg.wasm", "loadAuthoring()") });
    authoringModule = { ...a, methods: fullMethods(a, memory) };
  }
  return authoringModule;
}

async function loadAuthoring(input) {
  if (typeof input === "string" || input instanceof URL) input = readFileSync(input);
  authoring(input?.module ?? input);
}

Object.defineProperty(exports, "__esModule", { value: true });
exports.Engine = makeEngine(core.RawEngine, ensureReady, () => authoring());
exports.PermissionView = PermissionView;
exports.RolecascadeError = RolecascadeError;
exports.shown = shown;
exports.init = init;
exports.initSync = initSync;
exports.loadAuthoring = loadAuthoring;
exports.default = init;
