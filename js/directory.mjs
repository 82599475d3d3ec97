// @cjs
// Reading a directory document (given as an object, or as text already parsed) into the numbers
// the engine loads in one call (crates/runtime/src/load.rs, `Flat`): every string once, the
// scopes and member entries in document order, the assignments. The shape of the document is
// checked here, with the paths the Rust reader gives; what needs the model and the directory
// (unknown scopes and roles, levels, membership, groups, ids, limits) is checked by the engine,
// which names the entry by its position: `placeError` turns that into the document's path.
//
// No path is written while reading: when something is wrong, the document is read again with
// paths (`track`), which meets the same problem first and names it.

import { fail, shown, join, wellFormed, MAX_DOCUMENT_BYTES } from "./errors.mjs";

const SCOPE = 0xffffffff;
const AGAIN = Symbol("read again with paths");

// A well-formed string's length in UTF-8 bytes.
function utf8(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

// A list of numbers that grows (four bytes each, where a JavaScript array takes eight).
class U32s {
  constructor() {
    this.a = new Uint32Array(1024);
    this.n = 0;
  }

  // Room for `n` numbers in all, so that a list whose length is known grows once. (At most
  // 2^25: a longer one is refused by the engine's limits anyway, and grows as it is read.)
  reserve(n) {
    n = Math.min(n, 1 << 25);
    if (n > this.a.length) {
      const b = new Uint32Array(n);
      b.set(this.a.subarray(0, this.n));
      this.a = b;
    }
  }

  push(x) {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }

  done() {
    return this.a.subarray(0, this.n);
  }
}

class Reader {
  constructor(info, track, want) {
    this.forms = info.forms;
    this.levels = info.levels;
    this.track = track;
    this.want = want; // [list, position]: the entry whose path is asked for
    this.found = undefined;
    // Every string once, numbered in order of first sight (`list`), with the last member list
    // that named it (`stamp`). Numbered through a Map at first; past 2^15 strings, through a
    // table of our own (`slots`: numbers, open addressing, at most half full; `hashes`: each
    // string's). V8's Map slows as it grows (450 ns a lookup at a million strings, twice its
    // cost at a hundred thousand); the table stays near 200 ns, but hashing in JavaScript costs
    // more than the Map while it is small. The hash is seeded at random on every read, so ids
    // that collide under one seed need not collide under the next (see SECURITY.md).
    this.ids = new Map();
    this.slots = undefined;
    this.list = [];
    this.stamp = new Uint32Array(1024);
    this.hashes = new Int32Array(1024);
    this.seed = (Math.random() * 2 ** 32) | 0;
    this.lists = 0;
    this.ops = new U32s();
    this.assignments = new U32s();
  }

  // A shape error: thrown as it is once paths are tracked, else the document is read again.
  bad(at, message) {
    if (!this.track) throw AGAIN;
    return fail("invalid_directory", message, at);
  }

  // The number of string `x`, given on first sight (when it is checked).
  s(x) {
    const list = this.list;
    const slots = this.slots;
    let i, h, j, m;
    if (slots === undefined) {
      i = this.ids.get(x);
      if (i !== undefined) return i;
    } else {
      h = this.hash(x);
      m = slots.length - 1;
      for (j = h & m; (i = slots[j]) >= 0; j = (j + 1) & m) if (this.hashes[i] === h && list[i] === x) return i;
    }
    if (!wellFormed(x)) throw this.track ? fail("invalid_argument", "the document is not well-formed Unicode (it holds a lone surrogate)") : AGAIN;
    i = list.length;
    list.push(x);
    if (i === this.stamp.length) {
      const grow = (a) => {
        const b = new a.constructor(2 * i);
        b.set(a);
        return b;
      };
      this.stamp = grow(this.stamp);
      this.hashes = grow(this.hashes);
    }
    if (slots === undefined) {
      this.ids.set(x, i);
      if (i === 1 << 15) {
        // The table from here on: every string hashed once.
        for (let k = 0; k <= i; k++) this.hashes[k] = this.hash(list[k]);
        this.ids = null;
        this.table();
      }
    } else {
      this.hashes[i] = h;
      slots[j] = i;
      if (i === this.stamp.length >> 1) this.table();
    }
    return i;
  }

  hash(x) {
    let h = this.seed;
    for (let k = 0; k < x.length; k++) h = Math.imul(h ^ x.charCodeAt(k), 0x1000193);
    return h ^ (h >>> 15);
  }

  // The table made again, twice as large as the room for numbers (`stamp`), every string placed.
  table() {
    const m = 2 * this.stamp.length - 1;
    const slots = (this.slots = new Int32Array(m + 1).fill(-1));
    for (let k = 0; k < this.list.length; k++) {
      let j = this.hashes[k] & m;
      while (slots[j] >= 0) j = (j + 1) & m;
      slots[j] = k;
    }
  }

  op(path, user, at) {
    if (this.track && this.want[0] === "ops" && this.ops.n === 2 * this.want[1]) this.found = at;
    this.ops.push(path);
    this.ops.push(user);
  }

  scopes(v) {
    if (!Array.isArray(v)) throw this.bad("scopes", "expected an array of scope paths");
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const at = this.track ? `scopes[${i}]` : undefined;
      if (typeof x !== "string") throw this.bad(at, "expected a string");
      this.op(this.s(x), SCOPE, at);
    }
  }

  members(v) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw this.bad("members", "expected an object mapping scope paths to user lists");
    const scopes = Object.keys(v);
    let n = 0;
    for (const scope of scopes) {
      const list = v[scope];
      if (Array.isArray(list)) n += list.length;
    }
    this.ops.reserve(this.ops.n + 2 * n);
    for (const scope of scopes) {
      const list = v[scope];
      if (list === undefined) continue;
      const at = this.track ? join("members", scope) : undefined;
      if (!Array.isArray(list)) throw this.bad(at, "expected an array of user ids");
      const s = this.s(scope);
      this.entries(s, list, at);
    }
  }

  // A member list. A user named again in a long list is passed over (an entry changes nothing
  // the first has not), so a list that repeats one user costs no more than the user.
  entries(s, list, at) {
    const tag = ++this.lists;
    const track = this.track;
    for (let j = 0; j < list.length; j++) {
      const u = list[j];
      if (typeof u !== "string") throw this.bad(track && `${at}[${j}]`, "expected a string");
      const n = this.s(u);
      if (this.stamp[n] === tag) continue;
      this.stamp[n] = tag;
      if (track) this.op(s, n, `${at}[${j}]`);
      else {
        this.ops.push(s);
        this.ops.push(n);
      }
    }
  }

  assignmentList(v) {
    if (!Array.isArray(v)) throw this.bad("assignments", "expected an array");
    const out = this.assignments;
    out.reserve(3 * v.length);
    for (let i = 0; i < v.length; i++) {
      const a = v[i];
      // The usual entry: an object of exactly three strings (counted without a key list).
      if (!this.track && a !== null && typeof a === "object") {
        const { user, role, scope } = a;
        if (typeof user === "string" && typeof role === "string" && typeof scope === "string") {
          let n = 0;
          for (const _ in a) n++;
          if (n === 3) {
            out.push(this.s(user));
            out.push(this.s(role));
            out.push(this.s(scope));
            continue;
          }
        }
      }
      this.assignment(a, i);
    }
  }

  // An entry off the usual path: every shape check, in the Rust reader's order.
  assignment(a, i) {
    const at = this.track ? `assignments[${i}]` : undefined;
    if (a === null || typeof a !== "object" || Array.isArray(a)) throw this.bad(at, "expected an object {user, role, scope}");
    for (const k of Object.keys(a)) {
      if (k !== "user" && k !== "role" && k !== "scope") {
        if (a[k] === undefined) continue;
        throw this.bad(this.track && join(at, k), `unknown field '${shown(k)}', expected one of: user, role, scope`);
      }
      const x = a[k];
      if (x !== undefined && typeof x !== "string") throw this.bad(this.track && join(at, k), "expected a string");
    }
    const { user, role, scope } = a;
    if (user === undefined) throw this.bad(at, "missing field 'user'");
    if (role === undefined) throw this.bad(at, "missing field 'role'");
    if (scope === undefined) throw this.bad(at, "missing field 'scope'");
    if (this.track && this.want[0] === "assignments" && this.want[1] === i) this.found = at;
    this.assignments.push(this.s(user));
    this.assignments.push(this.s(role));
    this.assignments.push(this.s(scope));
  }

  // The nested form: the array of items of the level at `depth` under `parent` (a path).
  level(items, depth, parent, at) {
    const [key, id, members] = this.forms[depth];
    const next = this.forms[depth + 1];
    const child = next ? next[0] : null;
    if (!Array.isArray(items)) throw this.bad(at, `'${shown(key)}' must be an array`);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const itemAt = this.track ? `${at}[${i}]` : undefined;
      if (typeof item === "string") {
        this.op(this.s(parent === "" ? item : parent + "/" + item), SCOPE, itemAt);
        continue;
      }
      if (item === null || typeof item !== "object" || Array.isArray(item)) throw this.bad(itemAt, `a ${this.levels[depth]} is a string id or an object`);
      const keys = Object.keys(item);
      for (const k of keys) {
        if (k !== id && k !== members && k !== child && item[k] !== undefined) {
          const allowed = [id, members, child].filter((x) => x !== null).join(", ");
          throw this.bad(this.track && join(itemAt, k), `unknown field '${shown(k)}', expected one of: ${allowed}`);
        }
      }
      const seg = item[id];
      if (seg === undefined || seg === null) throw this.bad(itemAt, `missing field '${id}'`);
      if (typeof seg !== "string") throw this.bad(this.track && join(itemAt, id), "expected a string");
      const path = parent === "" ? seg : parent + "/" + seg;
      const s = this.s(path);
      this.op(s, SCOPE, this.track ? join(itemAt, id) : undefined);
      for (const k of keys) {
        const v = item[k];
        if (k === id || v === undefined || v === null) continue;
        const partAt = this.track ? join(itemAt, k) : undefined;
        if (k === members) {
          if (!Array.isArray(v)) throw this.bad(partAt, "expected an array of user ids");
          this.entries(s, v, partAt);
        } else {
          this.level(v, depth + 1, path, partAt);
        }
      }
    }
  }

  document(doc) {
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw this.bad("", "a directory is a JSON object");
    const root = this.forms[0] ? this.forms[0][0] : null;
    let general = false;
    let nested = false;
    let members;
    let assignments;
    for (const k of Object.keys(doc)) {
      const v = doc[k];
      if (v === undefined) continue;
      if (k === "scopes" || k === "members") {
        if (nested) throw this.bad(root, `a directory is either the general form (scopes, members) or the nested form (${root}), not both`);
        general = true;
        if (k === "scopes") this.scopes(v);
        else members = v;
      } else if (k === root && root !== null) {
        if (general) throw this.bad(root, `a directory is either the general form (scopes, members) or the nested form (${root}), not both`);
        nested = true;
        this.level(v, 0, "", root);
      } else if (k === "assignments") {
        assignments = v;
      } else {
        const expected = root !== null ? `scopes, members, assignments or ${root}` : "scopes, members or assignments";
        throw this.bad(this.track && join("", k), `unknown field '${shown(k)}', expected one of: ${expected}`);
      }
    }
    // Member entries need their scopes, assignments the member lists: read after them.
    if (members !== undefined) this.members(members);
    if (assignments !== undefined) this.assignmentList(assignments);
  }

  flat() {
    const list = this.list;
    const joined = list.join("");
    const text = new TextEncoder().encode(joined);
    const lens = new Uint32Array(list.length);
    // Lengths in bytes: a string's length, unless the text is not all ASCII.
    const ascii = text.length === joined.length;
    for (let i = 0; i < lens.length; i++) lens[i] = ascii ? list[i].length : utf8(list[i]);
    return { text, lens, ops: this.ops.done(), assignments: this.assignments.done() };
  }
}

// A getter that throws, a proxy, a revoked proxy: the caller's own error, given a code.
function read(r, doc) {
  try {
    r.document(doc);
  } catch (e) {
    if (e === AGAIN || (e instanceof Error && typeof e.code === "string")) throw e;
    throw fail("invalid_directory", `reading the directory threw: ${shown(e instanceof Error ? String(e.message) : String(e))}`);
  }
}

/**
 * The directory `doc` (a parsed document) as `{ text, lens, ops, assignments }` for the
 * engine's `loadFlat` (`text`: the strings one after another, UTF-8). Throws its first shape
 * error, with its path.
 */
export function readDirectory(info, doc) {
  const r = new Reader(info, false, null);
  try {
    read(r, doc);
  } catch (e) {
    if (e !== AGAIN) throw e;
    read(new Reader(info, true, [null, -1]), doc);
    throw fail("invalid_directory", "the directory changed while it was read");
  }
  return r.flat();
}

/** An error of the engine's `loadFlat`, its path (`@ops:3`) turned into the document's. */
export function placeError(e, info, doc) {
  const m = e instanceof Error && typeof e.path === "string" ? /^@(ops|assignments):(\d+)$/.exec(e.path) : null;
  if (m === null) return e;
  const r = new Reader(info, true, [m[1], Number(m[2])]);
  try {
    r.document(doc);
  } catch {
    // Read once already: it does not fail again unless the document changed meanwhile.
  }
  if (r.found === undefined) delete e.path;
  else e.path = r.found;
  return e;
}

// Directory text read where it stands, without JSON.parse: at a million users, parsing made some
// five million strings and a million objects for the reader to walk once and the collector to
// walk again. Read here: the general form with its keys in the usual order (scopes, then
// members, then assignments; each at most once), its strings without escapes, no member list
// under a key that is an array index (JavaScript would list those first). Every string is
// numbered in the order the object reader numbers it (an assignment's user, role and scope in
// that order, whatever the order of its keys), through a table that compares against the text
// itself, so the numbers are the object reader's for the same document. Anything else, every
// mistake included, is declined (`undefined`): the caller then parses the text and reads the
// object, which gives the error its path (pkg-tests/text-reader.test.mjs checks both ways agree).

const ENCODER = new TextEncoder();
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const BRACKET = 91;
const CLOSE_BRACKET = 93;
const BRACE = 123;
const CLOSE_BRACE = 125;
// What `open` and `next` find: an empty container (or its end), an item to read.
const EMPTY = 1;
const ITEMS = 2;

class TextReader {
  constructor(src) {
    this.src = src;
    this.at = 0;
    this.seed = (Math.random() * 2 ** 32) | 0;
    // Slots of four numbers: hash, string number + 1 (0: empty), start in the text (its end is
    // the next quote there), the last member list that named it. At most half full; a power
    // of two.
    this.slots = new Int32Array(4 << 12);
    this.mask = (1 << 12) - 1;
    // A string's home is its hash's top bits, so that the order of homes is the order of hashes
    // and a table twice the size is filled front to back from the old one (no random writes).
    this.shift = 32 - 12;
    this.count = 0;
    // The strings' UTF-8 text, in number order, and their lengths in bytes.
    this.bytes = new Uint8Array(1 << 16);
    this.used = 0;
    this.lens = new U32s();
    this.lists = 0;
    this.keys = new Set();
    this.ops = new U32s();
    this.assignments = new U32s();
  }

  // The next character that is not white space (NaN at the end), `at` on it.
  ws() {
    const src = this.src;
    let i = this.at;
    let c = src.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = src.charCodeAt(++i);
    this.at = i;
    return c;
  }

  // A string at `at` (its opening quote): the position of the next quote, `at` past it; -1 at
  // the end of the text. (An escape or a control character before it is found by `intern`.)
  string() {
    const src = this.src;
    const i = this.at;
    if (src.charCodeAt(i) !== QUOTE) return -1;
    const end = src.indexOf('"', i + 1);
    this.at = end + 1;
    return end;
  }

  // The slot of the string at `at`, `at` past it; -1 to decline.
  slot() {
    const start = this.at + 1;
    const end = this.string();
    return end < 0 ? -1 : this.intern(start, end - start);
  }

  // The slot (its offset in `slots`) of the string at `start` of `len` units, added if new; -1
  // for one this reader declines (an escape, a control character).
  intern(start, len) {
    const src = this.src;
    let h = this.seed;
    let or = 0;
    let bad = false;
    for (let k = start, end = start + len; k < end; k++) {
      const c = src.charCodeAt(k);
      or |= c;
      bad ||= c < 32 || c === BACKSLASH;
      h = Math.imul(h ^ c, 0x1000193);
    }
    if (bad) return -1;
    h ^= h >>> 15;
    const slots = this.slots;
    const m = this.mask;
    let j = h >>> this.shift;
    for (;;) {
      const q = j << 2;
      if (slots[q + 1] === 0) return this.add(q, h, start, len, or);
      if (slots[q] === h) {
        // The same units, and the string found ends there too (its closing quote).
        const b = slots[q + 2];
        let k = 0;
        while (k < len && src.charCodeAt(b + k) === src.charCodeAt(start + k)) k++;
        if (k === len && src.charCodeAt(b + len) === QUOTE) return q;
      }
      j = (j + 1) & m;
    }
  }

  add(q, h, start, len, or) {
    const n = this.count++;
    const slots = this.slots;
    slots[q] = h;
    slots[q + 1] = n + 1;
    slots[q + 2] = start;
    slots[q + 3] = 0;
    // Its UTF-8 bytes: the units themselves when all are ASCII (the text is well-formed, so
    // the encoder meets no lone surrogate).
    if (this.used + 3 * len > this.bytes.length) {
      const b = new Uint8Array(Math.max(2 * this.bytes.length, this.used + 3 * len));
      b.set(this.bytes.subarray(0, this.used));
      this.bytes = b;
    }
    let w = len;
    if (or < 0x80) {
      const bytes = this.bytes;
      const src = this.src;
      for (let k = 0, at = this.used; k < len; k++) bytes[at + k] = src.charCodeAt(start + k);
    } else {
      w = ENCODER.encodeInto(this.src.slice(start, start + len), this.bytes.subarray(this.used)).written;
    }
    this.used += w;
    this.lens.push(w);
    if (2 * this.count <= this.mask + 1) return q;
    this.grow();
    // Its slot in the new table.
    let j = h >>> this.shift;
    while (this.slots[(j << 2) + 1] !== n + 1) j = (j + 1) & this.mask;
    return j << 2;
  }

  grow() {
    const old = this.slots;
    const m = 2 * this.mask + 1;
    const shift = this.shift - 1;
    const slots = new Int32Array(4 * (m + 1));
    for (let q = 0; q < old.length; q += 4) {
      if (old[q + 1] === 0) continue;
      let j = old[q] >>> shift;
      while (slots[(j << 2) + 1] !== 0) j = (j + 1) & m;
      const p = j << 2;
      slots[p] = old[q];
      slots[p + 1] = old[q + 1];
      slots[p + 2] = old[q + 2];
      slots[p + 3] = old[q + 3];
    }
    this.slots = slots;
    this.mask = m;
    this.shift = shift;
  }

  // At `open` (`[` or `{`): past it and the white space after; EMPTY when `close` comes next
  // (past it too), ITEMS when something else does, 0 to decline.
  open(open, close) {
    if (this.src.charCodeAt(this.at) !== open) return 0;
    this.at++;
    if (this.ws() !== close) return ITEMS;
    this.at++;
    return EMPTY;
  }

  // After an item: past a comma and the white space after (ITEMS), past `close` (EMPTY), or 0.
  next(close) {
    const c = this.ws();
    this.at++;
    if (c === close) return EMPTY;
    if (c !== COMMA) return 0;
    this.ws();
    return ITEMS;
  }

  // Past a colon and the white space around it; false to decline.
  colon() {
    if (this.ws() !== COLON) return false;
    this.at++;
    this.ws();
    return true;
  }

  // `[` strings `]`, each handed to `f` with its slot; false to decline.
  list(f) {
    let r = this.open(BRACKET, CLOSE_BRACKET);
    for (; r === ITEMS; r = this.next(CLOSE_BRACKET)) {
      const q = this.slot();
      if (q < 0 || !f(q)) return false;
    }
    return r === EMPTY;
  }

  scopes() {
    return this.list((q) => {
      this.ops.push(this.slots[q + 1] - 1);
      this.ops.push(SCOPE);
      return true;
    });
  }

  members() {
    let r = this.open(BRACE, CLOSE_BRACE);
    for (; r === ITEMS; r = this.next(CLOSE_BRACE)) {
      const start = this.at + 1;
      const q = this.slot();
      if (q < 0) return false;
      const s = this.slots[q + 1] - 1;
      // A key given twice (JSON.parse keeps the last list), an array index (listed first).
      if (this.keys.has(s) || isIndex(this.src, start, this.at - 1) || !this.colon()) return false;
      this.keys.add(s);
      const tag = ++this.lists;
      const ok = this.list((q) => {
        const slots = this.slots;
        if (slots[q + 3] !== tag) {
          slots[q + 3] = tag;
          this.ops.push(s);
          this.ops.push(slots[q + 1] - 1);
        }
        return true;
      });
      if (!ok) return false;
    }
    return r === EMPTY;
  }

  assignmentList() {
    const src = this.src;
    // Where each of the entry's three strings starts and ends: user, role, scope.
    const at = new Int32Array(6);
    let r = this.open(BRACKET, CLOSE_BRACKET);
    for (; r === ITEMS; r = this.next(CLOSE_BRACKET)) {
      if (this.open(BRACE, CLOSE_BRACE) !== ITEMS) return false;
      let seen = 0;
      for (let k = 0; k < 3; k++) {
        if (k > 0 && this.next(CLOSE_BRACE) !== ITEMS) return false;
        const i = this.at;
        const key = src.startsWith('"user"', i) ? 0 : src.startsWith('"role"', i) ? 1 : src.startsWith('"scope"', i) ? 2 : -1;
        if (key < 0 || seen & (1 << key)) return false;
        seen |= 1 << key;
        this.at = i + (key === 2 ? 7 : 6);
        if (!this.colon()) return false;
        at[2 * key] = this.at + 1;
        const end = this.string();
        if (end < 0) return false;
        at[2 * key + 1] = end;
      }
      if (this.ws() !== CLOSE_BRACE) return false;
      this.at++;
      for (let k = 0; k < 6; k += 2) {
        const q = this.intern(at[k], at[k + 1] - at[k]);
        if (q < 0) return false;
        this.assignments.push(this.slots[q + 1] - 1);
      }
    }
    return r === EMPTY;
  }

  document() {
    this.ws();
    let part = 0;
    let r = this.open(BRACE, CLOSE_BRACE);
    for (; r === ITEMS; r = this.next(CLOSE_BRACE)) {
      const i = this.at;
      const next = this.src.startsWith('"scopes"', i) ? 1 : this.src.startsWith('"members"', i) ? 2 : this.src.startsWith('"assignments"', i) ? 3 : 0;
      // In this order, each once.
      if (next <= part) return false;
      part = next;
      this.at = i + [0, 8, 9, 13][next];
      if (!this.colon() || !(next === 1 ? this.scopes() : next === 2 ? this.members() : this.assignmentList())) return false;
    }
    if (r !== EMPTY) return false;
    this.ws();
    return this.at === this.src.length;
  }

  flat() {
    return { text: this.bytes.subarray(0, this.used), lens: this.lens.done(), ops: this.ops.done(), assignments: this.assignments.done() };
  }
}

// Whether src[start..end) is an array index (0 to 2^32 - 2, without a leading zero).
function isIndex(src, start, end) {
  const len = end - start;
  if (len === 0 || len > 10 || (len > 1 && src.charCodeAt(start) === 48)) return false;
  let v = 0;
  for (let k = start; k < end; k++) {
    const c = src.charCodeAt(k);
    if (c < 48 || c > 57) return false;
    v = v * 10 + (c - 48);
  }
  return v < 4294967295;
}

/**
 * Texts shorter than this are declined: `JSON.parse` is native code, and on a smaller text this
 * reader would run mostly before V8 has compiled it well. In fresh Node 20 processes, loading
 * 10,000 users (1.1 MB of text) took 101-130 ms read here against 64-68 ms parsed; at 100,000
 * users (11 MB) the two were even; at 200,000 users (23 MB) and above, reading here was faster
 * (a million users, the whole load: 3.1-3.8 s against 4.5-4.7 s parsed, mostly V8's collector
 * walking the parsed document).
 */
export const TEXT_READER_FROM = 16 << 20;

/**
 * A directory given as JSON text (checked with `checkText` already) as `readDirectory` gives it
 * for the parsed text, read from the text itself; `undefined` when this reader declines it (see
 * above), or the text is shorter than `from` units: parse the text and use `readDirectory`.
 */
export function readDirectoryText(text, from = TEXT_READER_FROM) {
  if (text.length < from) return undefined;
  const r = new TextReader(text);
  return r.document() ? r.flat() : undefined;
}

const NO_NUMBERS = new Uint32Array(0);
// The `ops` that ask the engine's `loadFlat` to read its text as a directory document: what the
// runtime module built for speed and the authoring module do (crates/wasm-runtime, feature
// `text`); the module built for size refuses them as numbers that name no string.
const READ_TEXT = new Uint32Array([0xffffffff]);
// Whether a module's engines read text (by their class): asked once, of an engine of its own.
// The module built for size would refuse the text only after having the room the numbers it
// takes would need, which is some times the text's size.
const READS_TEXT = new WeakMap();
// How a text in the usual form starts: its first part, or nothing.
const USUAL_START = /^[ \t\n\r]*\{[ \t\n\r]*("(scopes|members|assignments)"|\})/;

function readsText(Raw) {
  let reads = READS_TEXT.get(Raw);
  if (reads === undefined && typeof Raw?.bizagi === "function") {
    const probe = Raw.bizagi();
    try {
      probe.loadFlat(ENCODER.encode("{}"), NO_NUMBERS, READ_TEXT, NO_NUMBERS);
      reads = true;
    } catch {
      reads = false;
    }
    probe.free();
    READS_TEXT.set(Raw, reads);
  }
  return reads === true;
}

/**
 * JSON text (checked with `checkText` already) read into the engine `raw` by its wasm module, in
 * Rust (`rolecascade_runtime::text`). That reader takes the text `readDirectoryText` takes, of
 * any length, and declines the rest, mistakes included. Returns the flat that asked for it,
 * marked `done` (kept to move the engine to the authoring module, which reads the text again the
 * same way: it holds the caller's string, not a copy); when declined, what `readDirectoryText`
 * gives, for the caller to load, naming any mistake's place.
 */
export function loadText(source, raw) {
  // Not asked for a text the module would decline at its start (another form, another order),
  // so that the text is not copied into its memory for nothing.
  if (!readsText(raw.constructor) || !USUAL_START.test(source.slice(0, 64))) return readDirectoryText(source);
  let bytes;
  const flat = {
    // Encoded when asked for, kept until the current task ends (a caller reads it twice).
    get text() {
      if (bytes === undefined) {
        bytes = ENCODER.encode(source);
        queueMicrotask(() => (bytes = undefined));
      }
      return bytes;
    },
    lens: NO_NUMBERS,
    ops: READ_TEXT,
    assignments: NO_NUMBERS,
    done: true,
  };
  try {
    const text = flat.text;
    // Room for the text's copy in the module's memory (the directory grows it as it is built).
    // A text over the limit in UTF-8 (not in UTF-16, which `checkText` counts) is declined there.
    if (text.length <= 65536 || (text.length <= MAX_DOCUMENT_BYTES && raw.constructor.hasRoom?.(text.length))) {
      raw.loadFlat(text, NO_NUMBERS, READ_TEXT, NO_NUMBERS);
      return flat;
    }
  } catch (e) {
    // Declined (or the engine freed: the caller finds out). A trap is not declining.
    if (typeof e?.code !== "string") throw e;
  }
  return readDirectoryText(source);
}
