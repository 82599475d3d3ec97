// @cjs
// Errors as the engine throws them (a real `Error` with a string `code` and, for documents, a
// `path`), and ids as its messages and paths show them. The engine's Rust side writes the same
// (crates/runtime/src/error.rs and json.rs): tests compare the two.

export const ARG = "invalid_argument";

/**
 * What the package throws. `instanceof` also holds for the errors its wasm modules build (plain
 * `Error`s with one of these codes) and for those of another copy of this class (ESM and CJS).
 */
export class RolecascadeError extends Error {
  constructor(code, message, path) {
    super(message);
    this.code = code;
    if (path !== undefined) this.path = path;
  }

  static [Symbol.hasInstance](e) {
    return e instanceof Error && /^(invalid_(json|model|directory|context|argument)|unknown_(role|permission|scope|user)|level_mismatch|inheritance_cycle|not_(a_member|allowed|initialized)|limit_exceeded)$/.test(e.code);
  }
}

export function fail(code, message, path) {
  return new RolecascadeError(code, message, path);
}

// A JavaScript string crosses into wasm as UTF-8, where a lone surrogate (half of a UTF-16
// pair) would silently become U+FFFD: "ana\ud800" and "ana\ufffd" would be one user. Such ids
// are refused before they cross.
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
export const wellFormed = typeof "".isWellFormed === "function" ? (s) => s.isWellFormed() : (s) => !LONE.test(s);

/** A character a message does not show as itself: a control or an invisible formatting one. */
const HIDDEN =
  /[\0-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ud800-\udfff\u{1d173}-\u{1d17a}\u{e0000}-\u{e0fff}]/u;
export const hidden = (ch) => HIDDEN.test(ch);

/**
 * An id as messages show it, as the engine's own messages do: quotes, backslashes, control and
 * invisible formatting characters (bidirectional overrides, zero-width spaces, lone surrogates)
 * escaped, so that a message cannot break a line, reorder text or hide part of an id.
 */
export function shown(value) {
  if (typeof value !== "string") return kind(value);
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0);
    if (ch === "\\" || ch === '"' || ch === "'") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (hidden(ch)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out;
}

const HEX = (c) => "\\u" + c.toString(16).padStart(4, "0");

/** A JSON string literal, as error paths write keys: hidden characters as `\u` escapes. */
export function quote(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (hidden(ch)) out += c > 0xffff ? HEX(ch.charCodeAt(0)) + HEX(ch.charCodeAt(1)) : HEX(c);
    else out += ch;
  }
  return out + '"';
}

const PLAIN = /^[A-Za-z0-9_$]+$/;

/** `key` joined to a document path: `a.b` for a plain key, `a["x/y"]` for any other. */
export function join(path, key) {
  if (PLAIN.test(key)) return path === "" ? key : path + "." + key;
  return path + "[" + quote(key) + "]";
}

export function kind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

export function str(value, name) {
  if (typeof value !== "string") throw fail(ARG, `${name} must be a string, got ${kind(value)}`);
  if (!wellFormed(value)) throw fail(ARG, `${name} '${shown(value)}' is not well-formed Unicode (it holds a lone surrogate)`);
  return value;
}

export function optStr(value, name) {
  return value === undefined ? undefined : str(value, name);
}

/** The longest id the engine keeps, in UTF-16 units: a scope path of 8 segments of 256 bytes. */
export const MAX_ID_CHARS = 8 * 257;

/** Whether a string may be an id the engine keeps (a longer one is unknown without asking). */
export function isId(s) {
  return s.length <= MAX_ID_CHARS;
}

// The largest document the engine reads. A text's UTF-8 form is at least as long as the text.
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

// A large value crosses into wasm only when the wasm memory has room for it: wasm-bindgen's own
// allocation of an argument traps when it fails, and a trap poisons the instance.
export function room(Raw, bytes) {
  if (bytes > 65536 && !Raw.hasRoom(bytes)) {
    throw fail("limit_exceeded", `the wasm memory has no room for ${bytes} more bytes (engines in one page or process share at most 4 GiB)`);
  }
}

export const NON_ASCII = /[^\x00-\x7f]/;

/** What JSON text is checked for before it is read: well-formed, within the size limit. */
export function checkText(value) {
  if (!wellFormed(value)) throw fail(ARG, "the document is not well-formed Unicode (it holds a lone surrogate)");
  if (value.length > MAX_DOCUMENT_BYTES) throw fail("limit_exceeded", `the document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
}

/** JSON text as JavaScript reads it (a key given twice keeps its last value). */
export function parse(value) {
  checkText(value);
  return parseChecked(value);
}

/** `parse` of text `checkText` has passed already. */
export function parseChecked(value) {
  try {
    return JSON.parse(value);
  } catch (e) {
    throw fail("invalid_json", `not valid JSON: ${shown(e instanceof Error ? String(e.message) : "")}`);
  }
}

