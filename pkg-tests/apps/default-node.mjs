// The default entry in a Node bundle run from another folder: importing reads nothing; the wasm
// files' bytes are handed over (argv: the folder they were copied to) before the first engine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as rolecascade from "rolecascade";
import { answers } from "./answers.mjs";

const dir = process.argv[2];
let missing;
try {
  rolecascade.Engine.bizagi();
} catch (e) {
  missing = `${e.code}: ${e.message}`;
}
rolecascade.initSync(readFileSync(join(dir, "rolecascade_runtime_speed_bg.wasm")));
const loadAuthoring = () => rolecascade.loadAuthoring(readFileSync(join(dir, "rolecascade_authoring_bg.wasm")));
console.log(JSON.stringify({ missing, ...(await answers({ ...rolecascade, loadAuthoring })) }));
