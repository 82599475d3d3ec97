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

import { fail, shown, join, wellFormed } from "./errors.mjs";

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
    for (const scope of Object.keys(v)) {
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
