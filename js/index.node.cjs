// Node, as CommonJS: usable synchronously right after `require("rolecascade")`. Each wasm module
// is read from beside this file the first time it is needed, not at require, so that a bundle
// can hand the bytes over first (`initSync(bytes)`, `loadAuthoring(bytes)`). The rest is shared
// with the ES module entry (js/node.mjs, inside engine.cjs here).
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const core = require("./web/rolecascade_runtime.cjs");
const { nodeEntry, PermissionView, RolecascadeError, shown } = require("./engine.cjs");
const { fullMethods } = require("./full.cjs");

const { init, initSync, loadAuthoring, Engine } = nodeEntry({
  readFileSync,
  here: (file) => join(__dirname, "web", file),
  runtime: { init: core.default, initSync: core.initSync, RawEngine: core.RawEngine },
  authoringGlue: () => require("./web/rolecascade_authoring.cjs"),
  fullMethods,
});

Object.defineProperty(exports, "__esModule", { value: true });
exports.Engine = Engine;
exports.PermissionView = PermissionView;
exports.RolecascadeError = RolecascadeError;
exports.shown = shown;
exports.init = init;
exports.initSync = initSync;
exports.loadAuthoring = loadAuthoring;
exports.default = init;
