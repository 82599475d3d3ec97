// Node, as CommonJS: usable synchronously right after `require("rolecascade")`. The authoring
// module is loaded the first time a call needs it.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const core = require("./web/rolecascade_runtime.cjs");
const { makeEngine, PermissionView, shown } = require("./engine.cjs");
const { fullMethods } = require("./full.cjs");

core.initSync({ module: readFileSync(join(__dirname, "web", "rolecascade_runtime_bg.wasm")) });

let authoringModule;
function authoring() {
  if (authoringModule === undefined) {
    const a = require("./web/rolecascade_authoring.cjs");
    const { memory } = a.initSync({ module: readFileSync(join(__dirname, "web", "rolecascade_authoring_bg.wasm")) });
    authoringModule = { ...a, methods: fullMethods(a, memory) };
  }
  return authoringModule;
}

const init = async () => {};
module.exports = {
  Engine: makeEngine(core.RawEngine, () => {}, authoring),
  PermissionView,
  shown,
  init,
  initSync() {},
  async loadAuthoring() {
    authoring();
  },
  default: init,
};
