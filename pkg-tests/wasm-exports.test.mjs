// Node 20's V8 aborts the process ("Fatal error ... unreachable code") when optimized JS that has
// inlined a call to a wasm export returning an externref is deoptimized during that call
// (benches/js/v8-externref-deopt.mjs reproduces it with another engine's exports). Ours return
// numbers only: wasm-bindgen passes strings and errors through memory and its externref table.
// This test reads the shipped module's type, import, function and export sections and fails if
// any exported function returns an externref, so a binding change cannot bring the crash back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const EXTERNREF = 0x6f;

function sections(bytes) {
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[i++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const name = () => {
    const n = leb();
    const s = Buffer.from(bytes.subarray(i, i + n)).toString("utf8");
    i += n;
    return s;
  };
  const types = [];
  const funcTypes = []; // type index of every function, imported first
  const exports = [];
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const end = i + size;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        assert.equal(bytes[i++], 0x60, "a function type");
        const params = Array.from({ length: leb() }, () => bytes[i++]);
        const results = Array.from({ length: leb() }, () => bytes[i++]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        name();
        name();
        const kind = bytes[i++];
        if (kind === 0) funcTypes.push(leb());
        else if (kind === 1) (i++, bytes[i++] & 1 ? (leb(), leb()) : leb()); // table: reftype, limits
        else if (kind === 2) (bytes[i++] & 1 ? (leb(), leb()) : leb()); // memory: limits
        else if (kind === 3) i += 2; // global: valtype, mutability
        else throw new Error(`import kind ${kind}`);
      }
    } else if (id === 3) {
      for (let n = leb(); n > 0; n--) funcTypes.push(leb());
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) exports.push({ name: name(), kind: bytes[i++], index: leb() });
    }
    i = end;
  }
  return { types, funcTypes, exports };
}

for (const [part, least] of [["runtime", 10], ["authoring", 20]]) test(`no exported function of the ${part} module returns an externref`, () => {
  const bytes = readFileSync(new URL(`../pkg/web/rolecascade_${part}_bg.wasm`, import.meta.url));
  const { types, funcTypes, exports } = sections(bytes);
  const funcs = exports.filter((e) => e.kind === 0);
  assert.ok(funcs.length > least, `only ${funcs.length} exported functions found: the parser is off`);
  const offending = funcs.filter((e) => types[funcTypes[e.index]].results.includes(EXTERNREF)).map((e) => e.name);
  assert.deepEqual(offending, []);
  // The parser does see externref results where they are: imported glue functions (building a
  // JS string or error) return them, and only exports matter to V8's inlining.
  assert.ok(funcTypes.some((t) => types[t].results.includes(EXTERNREF)), "no function returns an externref: the parser is off");
});
