// Directory documents and texts the text readers' tests share (text-reader.test.mjs, the
// JavaScript reader; wasm-text.test.mjs, the Rust one in wasm).

import { rng } from "./seeded.mjs";

/**
 * A company of `n` users, each on the company's list and some on a subscription's, with
 * assignments whose keys come in every order.
 */
export function company(n, name = "acme") {
  const users = Array.from({ length: n }, (_, i) => `u${i}@${name}.test`);
  const orders = [
    (u, r, s) => ({ user: u, role: r, scope: s }),
    (u, r, s) => ({ scope: s, user: u, role: r }),
    (u, r, s) => ({ role: r, scope: s, user: u }),
  ];
  return {
    scopes: [name, `${name}/automation`, `${name}/automation/claims`, `${name}/studio`],
    members: { [name]: users, [`${name}/automation`]: users.filter((_, i) => i % 3 !== 1), [`${name}/studio`]: users.filter((_, i) => i % 2 === 0) },
    assignments: users
      .filter((_, i) => i % 3 !== 1)
      .map((u, i) => orders[i % 3](u, i % 7 === 0 ? "subscription-owner" : "project-contributor", i % 7 === 0 ? `${name}/automation` : `${name}/automation/claims`)),
  };
}

/** `text` with white space added at random between its tokens (`r`: a seeded generator, `p`: how often). */
export function spaced(r, text, p = 0.1) {
  return text.replace(/[{}[\],:]/g, (c) => (r() < p ? " \n\t\r"[Math.floor(r() * 4)] : "") + c + (r() < p ? "\n  " : ""));
}

const BITS = ['"', "\\", "{", "}", "[", "]", ",", ":", " ", "1", "null", '"scopes"', '"members"', '"user"', "\u00e9", "\u0001"];

/** `text` with one or two mistakes made in it at random: a character cut, a token put in or over one, a stretch written again elsewhere. */
export function mistaken(r, text) {
  for (let k = 1 + Math.floor(r() * 2); k > 0; k--) {
    const at = Math.floor(r() * text.length);
    const kind = r();
    const bit = () => BITS[Math.floor(r() * BITS.length)];
    if (kind < 0.25) text = text.slice(0, at) + text.slice(at + 1);
    else if (kind < 0.5) text = text.slice(0, at) + bit() + text.slice(at);
    else if (kind < 0.75) text = text.slice(0, at) + bit() + text.slice(at + 1);
    else {
      const from = Math.floor(r() * text.length);
      text = text.slice(0, at) + text.slice(from, from + Math.floor(r() * 40)) + text.slice(at);
    }
  }
  return text;
}

/**
 * Texts outside the usual form (both text readers decline each), as [what, text], built on
 * company `c`.
 */
export function unusual(c) {
  const members = JSON.stringify(c.members);
  return [
    // JSON.parse keeps the last of a repeated key: the first list is not read.
    ["a member list given twice", `{"scopes":${JSON.stringify(c.scopes)},"members":{"acme":["x@y"],"acme":${JSON.stringify(c.members.acme)}},"assignments":[]}`],
    ["a part given twice", `{"scopes":["acme"],"scopes":${JSON.stringify(c.scopes)},"members":${members}}`],
    ["an assignment with a key given twice and one missing", `{"assignments":[{"user":"u0@acme.test","role":"subscription-owner","scope":"acme"},{"user":"u0@acme.test","role":"project-owner","user":"u1@acme.test"}]}`],
    ["an assignment's key given twice", `{"scopes":${JSON.stringify(c.scopes)},"members":${members},"assignments":[{"user":"u0@acme.test","role":"nope","role":"subscription-owner","scope":"acme/automation"}]}`],
    // JavaScript lists array-index keys first, whatever their place in the text.
    ["a scope that is an array index", `{"scopes":["acme","0"],"members":{"acme":["a@x"],"0":["b@x"]}}`],
    ["parts in another order", `{"members":${members},"scopes":${JSON.stringify(c.scopes)}}`],
    ["an escape", JSON.stringify(c).replace("u1@acme.test", "u1\\u0040acme.test")],
    ["the nested form", '{"companies":[{"id":"acme","users":["a@x"]}]}'],
    ["a number", '{"scopes":[1]}'],
    ["null", '{"scopes":null}'],
    ["an unknown part", '{"scopes":[],"groups":[]}'],
    ["a trailing comma", '{"scopes":["acme",]}'],
    ["text after the document", '{"scopes":["acme"]} x'],
    ["a byte order mark", '\ufeff{"scopes":["acme"]}'],
    ["a control character in a string", '{"scopes":["ac\tme"]}'],
    ["an unterminated string", '{"scopes":["acme'],
    ["a list closed by a brace", '{"scopes":["acme"}}'],
    ["an assignment closed before its third field", '{"assignments":[{"user":"a@x","role":"developer"}"scope":"acme"}]}'],
    ["a field without its comma", '{"assignments":[{"user":"a@x" "role":"developer","scope":"acme"}]}'],
    ["an array", "[]"],
  ];
}

/**
 * 1,500 texts from company(6) for `read(text, what)` (whether a reader took the text; it checks
 * what it took), seeded with `seed`: a third with white space added only (which must be taken),
 * the others with a mistake or two made at random. `then(text, i)` is called on each of those.
 * Returns how many were taken and declined.
 */
export function mistakes(seed, read, then = () => {}) {
  const r = rng(seed);
  const base = JSON.stringify(company(6));
  let taken = 0;
  let declined = 0;
  for (let i = 0; i < 1500; i++) {
    if (r() < 1 / 3) {
      if (!read(spaced(r, base), `case ${i}`)) throw new Error(`case ${i}: white space added, and declined`);
      taken++;
      continue;
    }
    const text = mistaken(r, base);
    if (read(text, `case ${i}`)) taken++;
    else declined++;
    then(text, i);
  }
  return { taken, declined };
}
