// The package's default entry in a page, as a bundler that copies the wasm files it finds
// (webpack 5) builds it: `await init()` first, as the README says.
import * as rolecascade from "rolecascade";
import { answers } from "./answers.mjs";

rolecascade
  .init()
  .then(() => answers(rolecascade))
  .then(
    (out) => {
      document.body.dataset.answers = JSON.stringify(out);
      document.body.dataset.ready = "yes";
    },
    (e) => {
      document.body.dataset.answers = JSON.stringify({ failed: String(e) });
      document.body.dataset.ready = "no";
    },
  );
