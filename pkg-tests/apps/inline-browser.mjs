// rolecascade/inline in a page: nothing to configure, no init, no wasm file beside the bundle.
import * as rolecascade from "rolecascade/inline";
import { answers } from "./answers.mjs";

answers(rolecascade).then(
  (out) => {
    document.body.dataset.answers = JSON.stringify(out);
    document.body.dataset.ready = "yes";
  },
  (e) => {
    document.body.dataset.answers = JSON.stringify({ failed: String(e) });
    document.body.dataset.ready = "no";
  },
);
