// rolecascade/inline in a Node bundle: run from a folder with no package beside it.
import * as rolecascade from "rolecascade/inline";
import { answers } from "./answers.mjs";

console.log(JSON.stringify(await answers(rolecascade)));
