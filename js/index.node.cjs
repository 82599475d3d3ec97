// Node, as CommonJS: usable synchronously right after `require("rolecascade")`.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const core = require("./web/rolecascade_core.cjs");
const { makeEngine, PermissionView } = require("./engine.cjs");

core.initSync({ module: readFileSync(join(__dirname, "web", "rolecascade_core_bg.wasm")) });

const init = async () => {};
module.exports = { Engine: makeEngine(core.RawEngine, () => {}), PermissionView, init, initSync() {}, default: init };
