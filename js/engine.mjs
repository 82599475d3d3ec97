// @cjs
// The public `Engine`: a JavaScript class over a wasm `RawEngine`.
//
// Why a JavaScript layer at all: passing strings into wasm costs hundreds of nanoseconds, a call
// with numbers about twenty. So `check` looks the user, permission and scope up in JS maps
// (filled on first use) and crosses with numbers; `view()` copies the permission bits out once
// and answers `has()` in JS alone; a directory given as an object (or text) is read here into
// numbers (directory.mjs) and crosses in one call.
//
// Two wasm modules: the runtime (small, every page loads it) answers by numbers; the authoring
// module answers everything (explanations, who-can, portals, changes, exports, snapshots) and
// compiles models. An engine starts on the runtime and moves to the authoring module the first
// time a call needs it, taking the same directory along (the same numbers: both modules number
// from the same source), so callers never see the split.

import { fail, ARG, kind, shown, str, isId, wellFormed, join, room, parse, checkText, parseChecked, NON_ASCII, MAX_DOCUMENT_BYTES } from "./errors.mjs";
import { readDirectory, placeError } from "./directory.mjs";

export { shown };

/** A snapshot of what a user holds at a scope, answered in JavaScript alone. */
export class PermissionView {
  constructor(state, index, ids, sorted) {
    this._state = state; // per permission bit: 1 held, 0 not held, 2 another level's permission
    this._index = index;
    this._ids = ids;
    this._sorted = sorted;
  }

  has(permission) {
    const v = this._state[this._index.get(permission)];
    if (v === 1) return true;
    if (v === 0) return false;
    if (typeof permission !== "string") throw fail(ARG, `permission must be a string, got ${kind(permission)}`);
    if (v === undefined) throw fail("unknown_permission", `unknown permission '${shown(permission)}'`);
    throw fail("level_mismatch", `'${shown(permission)}' is not a permission of this scope's level`);
  }

  list() {
    const out = [];
    for (const i of this._sorted) if (this._state[i] === 1) out.push(this._ids[i]);
    return out;
  }
}

// Stands in for the wasm engine after free(): wasm-bindgen's own error there has no code.
const FREED = new Proxy(
  {},
  {
    get() {
      return () => {
        throw fail(ARG, "this engine has been freed");
      };
    },
  },
);

// The model as the runtime module describes it (answer.rs, `modelInfo`): items written as their
// length, `:` and the text, or `~` for none. Exported for benches/run.mjs, which times the
// module's calls apart (the package's entries do not re-export it).
export function modelInfo(t) {
  let i = 0;
  const next = () => {
    if (t[i] === "~") {
      i++;
      return null;
    }
    const c = t.indexOf(":", i);
    const n = +t.slice(i, c);
    i = c + 1 + n;
    return t.slice(c + 1, i);
  };
  const count = () => +next();
  const repeat = (n, f) => Array.from({ length: n }, f);
  const name = next();
  const n = count();
  // Ids as V8 keeps property names (internalized): a Map lookup by a literal then compares
  // pointers, not characters (a cut-out string would cost view().has() three times as much).
  const id = (s) => Object.keys({ [s]: 0 })[0];
  const permissions = repeat(n, () => ({ id: id(next()), depth: ((d) => (d === null ? null : +d))(next()) }));
  const sorted = repeat(n, count);
  const levels = [];
  const forms = repeat(count(), () => {
    levels.push(next());
    const f = [next(), next(), next()];
    return f[0] === null ? null : f;
  });
  const context = repeat(count(), () => ({ key: next(), default: next() }));
  return { name, permissions, sorted, levels, forms, context };
}

function remembered(map, key, ask) {
  let v = map.get(key);
  if (v === undefined) {
    v = ask(key);
    if (v >= 0) map.set(key, v);
  }
  return v;
}

// The methods full.mjs answers (see there).
const FULL = "explainAssignments checkAssignments whoCan portals canAssign assign revoke createScope removeScope addMember removeMember apply exportDirectory exportSnapshot roleLabel roles describe matrix".split(" ");

/**
 * The public `Engine`. `Runtime` is the runtime module's `RawEngine`; `ensureReady()` throws
 * `not_initialized` before `init()` in browsers; `authoring()` returns the authoring module's
 * exports (loading it where that can be done synchronously) or throws `not_initialized`;
 * `readText(text, raw)`, where given (the Node, Deno and Bun entries), has the runtime module
 * read JSON text into `raw` (a flat marked `done`), or reads large text where it stands, or
 * declines it (undefined): `loadText` in directory.mjs.
 */
export function makeEngine(Runtime, ensureReady, authoring, readText = () => undefined) {
  const token = Symbol("rolecascade.Engine");
  let full; // the authoring module's methods, once loaded

  class Engine {
    #Raw; // the module's RawEngine class the engine is on
    #raw;
    #full; // on the authoring module
    #compiled; // the model's binary form (undefined: the default model)
    #flat; // the directory as handed to the runtime module, to move it along
    #users = new Map();
    #scopes = new Map();
    #contexts = new Map(); // context values -> number
    #mismatched = new Map(); // scope -> permission bit -> the level_mismatch error thrown
    #views = new Map(); // user \0 scope -> a view's state (default context), until a change
    #perms; // id -> bit
    #ids; // bit -> id
    #depths; // bit -> depth, -1 for level-free
    #sorted; // bits in id order
    #info;
    #version = 0;
    #listeners = new Set();
    #inner;

    constructor(key, Raw, raw, compiled, full) {
      if (key !== token) throw fail(ARG, "use Engine.bizagi(), Engine.fromModel() or Engine.fromCompiled()");
      this.#Raw = Raw;
      this.#raw = raw;
      this.#full = full;
      this.#compiled = compiled;
      const info = (this.#info = modelInfo(raw.modelInfo()));
      this.#ids = info.permissions.map((p) => p.id);
      this.#depths = Int8Array.from(info.permissions.map((p) => (p.depth === null ? -1 : p.depth)));
      this.#perms = new Map(this.#ids.map((id, i) => [id, i]));
      this.#sorted = info.sorted;
      this.levels = info.levels;
      this.modelName = info.name;
    }

    static #make(compiled, directory) {
      const raw = compiled === undefined ? Runtime.bizagi() : Runtime.fromCompiled(compiled);
      const e = new Engine(token, Runtime, raw, compiled, false);
      if (directory instanceof Uint8Array || directory instanceof ArrayBuffer) e.#loadSnapshot(directory);
      else if (directory !== undefined && directory !== null) e.#load(directory);
      return e;
    }

    /** The embedded default model, with an optional directory. */
    static bizagi(directory) {
      ensureReady();
      return Engine.#make(undefined, directory);
    }

    /** A model of your own (a document, compiled by the authoring module), with an optional directory. */
    static fromModel(model, directory) {
      ensureReady();
      return Engine.#make(authoring().methods.compile(model), directory);
    }

    /** A model compiled ahead of time (`rolecascade compile`), with an optional directory (or a snapshot's). */
    static fromCompiled(compiled, directory) {
      ensureReady();
      if (!(compiled instanceof Uint8Array || compiled instanceof ArrayBuffer)) throw fail("invalid_model", `expected a Uint8Array, got ${kind(compiled)}`);
      return Engine.#make(new Uint8Array(compiled).slice(), directory);
    }

    /** An engine from `exportSnapshot()`: the same model and directory, the same answers. */
    static fromSnapshot(snapshot) {
      ensureReady();
      const A = authoring();
      const raw = A.methods.fromSnapshot(snapshot);
      return new Engine(token, A.RawEngine, raw, raw.compiled(), true);
    }

    /**
     * What changes between two models (documents, JSON text, compiled bytes, engines, or null for
     * the default model): over a directory, `{ gained, lost, unchanged, ignored }`; without one,
     * what each role gains or loses at each level. Answered by the authoring module (full.mjs).
     */
    static diff(before, after, directory, context) {
      ensureReady();
      const model = (m) => (m instanceof Engine ? (m.#compiled ?? null) : m);
      return authoring().methods.diff(model(before), model(after), directory, context);
    }

    // The engine on the authoring module (moved there on first use, directory and all).
    #upgrade() {
      if (this.#full) return this.#raw;
      if (this.#raw === FREED) return FREED;
      const A = authoring();
      const raw = this.#compiled === undefined ? A.RawEngine.bizagi() : A.RawEngine.fromCompiled(this.#compiled);
      const f = this.#flat;
      try {
        if (f !== undefined) {
          room(A.RawEngine, f.text.length + 4 * (f.lens.length + f.ops.length + f.assignments.length));
          raw.loadFlat(f.text, f.lens, f.ops, f.assignments);
        }
      } catch (e) {
        raw.free();
        throw e;
      }
      this.#raw.free();
      this.#raw = raw;
      this.#Raw = A.RawEngine;
      this.#full = true;
      this.#flat = undefined;
      this.#contexts.clear();
      return raw;
    }

    // A snapshot's directory, on this engine's model.
    #loadSnapshot(snapshot) {
      const A = authoring();
      const compiled = this.#compiled === undefined ? this.#upgrade().compiled() : this.#compiled;
      const raw = A.methods.fromSnapshot(snapshot, compiled);
      if (this.#raw !== FREED) this.#raw.free();
      this.#raw = raw;
      this.#Raw = A.RawEngine;
      this.#full = true;
      this.#flat = undefined;
      this.#contexts.clear();
      this.#forget();
    }

    // A directory document read into numbers and handed over, all or nothing.
    #load(directory) {
      const text = typeof directory === "string";
      let flat;
      if (text) {
        // Read where it stands when the entry can (`readText`); else parsed, read, and let go
        // before the wasm memory grows for the load (a growth that large makes V8 collect its
        // whole heap at once, and a large parsed document, alive, is most of what that walks).
        // Parsed (again) only to name the entry of an error.
        checkText(directory);
        flat = readText(directory, this.#raw) ?? readDirectory(this.#info, parseChecked(directory));
      } else if (typeof directory !== "object" || directory === null) {
        throw fail("invalid_directory", `expected an object or JSON text, got ${kind(directory)}`);
      } else {
        flat = readDirectory(this.#info, directory);
      }
      if (!flat.done) {
        room(this.#Raw, flat.text.length + 4 * (flat.lens.length + flat.ops.length + flat.assignments.length));
        try {
          this.#raw.loadFlat(flat.text, flat.lens, flat.ops, flat.assignments);
        } catch (e) {
          throw placeError(e, this.#info, text ? parseChecked(directory) : directory);
        }
      }
      if (!this.#full) this.#flat = flat;
      this.#forget();
    }

    #forget() {
      this.#users.clear();
      this.#scopes.clear();
      this.#mismatched.clear();
      this.#views.clear();
    }

    #changed() {
      this.#version++;
      this.#views.clear();
      for (const f of [...this.#listeners]) {
        try {
          f();
        } catch (e) {
          // A listener's failure is its own: the change is made, the others are told.
          queueMicrotask(() => {
            throw e;
          });
        }
      }
    }

    /** Increments on every change to the directory. */
    get version() {
      return this.#version;
    }

    /** Calls `listener` after every change; returns the function that stops it. */
    subscribe(listener) {
      if (typeof listener !== "function") throw fail(ARG, `listener must be a function, got ${kind(listener)}`);
      const f = (...a) => listener(...a);
      this.#listeners.add(f);
      return () => {
        this.#listeners.delete(f);
      };
    }

    // Number of a user, of a scope, and a scope's depth: asked of wasm once, then from a map
    // (-1, unknown, is not kept: the id may be added later). An id longer than any the engine
    // keeps is unknown without crossing.
    #user(user) {
      return remembered(this.#users, user, (k) => (isId(str(k, "user")) ? this.#raw.find(false, k) : -1));
    }

    #scope(scope) {
      return remembered(this.#scopes, scope, (k) => (isId(str(k, "scope")) ? this.#raw.find(true, k) : -1));
    }

    // A known scope's depth is its path's: one level a segment.
    #depthOf(scope) {
      if ((this.#scopes.get(scope) ?? this.#scope(scope)) < 0) return -1;
      let d = 0;
      for (let i = scope.indexOf("/"); i >= 0; i = scope.indexOf("/", i + 1)) d++;
      return d;
    }

    #perm(permission) {
      const p = this.#perms.get(permission);
      if (p !== undefined) return p;
      str(permission, "permission");
      throw fail("unknown_permission", `unknown permission '${shown(permission)}'`);
    }

    // The context's number in the engine (0: the model's defaults), defined on first use.
    #ctx(context) {
      if (context === undefined || context === null) return 0;
      let c = context;
      if (typeof c === "string") {
        c = parse(c);
        if (c === null) return 0;
      } else if (typeof c !== "object") throw fail("invalid_context", `expected an object or JSON text, got ${kind(c)}`);
      if (typeof c !== "object" || Array.isArray(c)) throw fail("invalid_context", "a context is an object of string values");
      // Every value a string (null and undefined: not given), checked without a copy; then the
      // model's keys' values, one after another, name the context.
      try {
        for (const k in c) {
          if (!Object.hasOwn(c, k)) continue;
          const v = c[k];
          if (v === undefined || v === null) continue;
          if (typeof v !== "string") throw fail("invalid_context", `context value '${shown(k)}' must be a string`, join("", k));
          if (!wellFormed(v) || !wellFormed(k)) throw fail(ARG, "the context is not well-formed Unicode (it holds a lone surrogate)");
        }
      } catch (e) {
        throw typeof e.code === "string" ? e : fail("invalid_context", `reading the context threw: ${shown(String(e instanceof Error ? e.message : e))}`);
      }
      const keys = this.#info.context;
      const value = (key) => (Object.hasOwn(c, key.key) ? (c[key.key] ?? key.default) : key.default);
      let id = "";
      for (const key of keys) {
        const v = value(key);
        id += v === null ? "-," : v.length + "," + v;
      }
      let n = this.#contexts.get(id);
      if (n !== undefined) return n;
      // The values with their lengths in bytes, as the engine cuts them.
      let vals = "";
      const lens = new Int32Array(keys.length);
      keys.forEach((key, i) => {
        const v = value(key);
        lens[i] = v === null ? -1 : NON_ASCII.test(v) ? new TextEncoder().encode(v).length : v.length;
        if (v !== null) vals += v;
      });
      if (vals.length > MAX_DOCUMENT_BYTES) throw fail("limit_exceeded", "the context is too large");
      room(this.#Raw, vals.length * 3 + 4 * lens.length);
      n = this.#raw.defineContext(vals, lens);
      if (n === 0) throw fail("limit_exceeded", "the wasm memory has no room for another context");
      // The top bit: the engine forgot every context it had (it keeps a few thousand).
      if (n >>> 31) this.#contexts.clear();
      n &= 0x7fffffff;
      this.#contexts.set(id, n);
      return n;
    }

    // A permission asked at a scope of another level is a programming error (known scopes
    // only): its error, or undefined. The same mistake again (a request can repeat it at line
    // rate) gets the same error, which shows the stack where it was first made: V8 takes 2-10 µs
    // to build one. Unless its catcher changed it (its message or code, or added a property of
    // any kind, a symbol or a hidden one too): then a new one, so that nothing one request put
    // on it reaches another. Callers throw it themselves (a throw from a frame deeper costs more).
    #mismatch(p, scope) {
      const pd = this.#depths[p];
      if (pd < 0) return;
      const x = this.#mismatched.get(scope)?.[p];
      if (x !== undefined && x.e.message === x.m && x.e.code === "level_mismatch" && Reflect.ownKeys(x.e).length === x.k) return x.e;
      const d = this.#depthOf(scope);
      if (d < 0 || d === pd) return;
      let errors = this.#mismatched.get(scope);
      if (errors === undefined) {
        if (this.#mismatched.size >= 4096) this.#mismatched.clear();
        this.#mismatched.set(scope, (errors = []));
      }
      const levels = this.#info.levels;
      const e = fail("level_mismatch", `'${this.#ids[p]}' is a ${levels[pd]} permission but '${shown(scope)}' is a ${levels[d]}`);
      errors[p] = { e, m: e.message, k: Reflect.ownKeys(e).length };
      return e;
    }

    check(user, permission, scope, context) {
      const p = this.#perms.get(permission) ?? this.#perm(permission);
      const c = context === undefined ? 0 : this.#ctx(context);
      let s = this.#scopes.get(scope);
      if (s === undefined && (s = this.#scope(scope)) < 0) return false;
      const u = this.#users.get(user) ?? this.#user(user);
      const r = u < 0 ? -1 : this.#raw.checkIds(u, p, s, c);
      if (r >= 0) return r === 1;
      const e = this.#mismatch(p, scope);
      if (e) throw e;
      return false;
    }

    #state(user, scope, context) {
      const c = this.#ctx(context);
      const u = this.#user(user);
      const s = this.#scope(scope);
      const words = u >= 0 && s >= 0 ? this.#raw.holdingIds(u, s, c) : [];
      const depth = this.#depthOf(scope);
      const n = this.#ids.length;
      const state = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const d = this.#depths[i];
        state[i] = depth >= 0 && d >= 0 && d !== depth ? 2 : ((words[i >>> 5] ?? 0) >>> (i & 31)) & 1;
      }
      return state;
    }

    permissions(user, scope, context) {
      return this.view(user, scope, context).list();
    }

    view(user, scope, context) {
      // Views under the default context are kept until the directory changes (a few thousand).
      if (context !== undefined || typeof user !== "string" || typeof scope !== "string") {
        return new PermissionView(this.#state(user, scope, context), this.#perms, this.#ids, this.#sorted);
      }
      const key = user + "\u0000" + scope;
      let state = this.#views.get(key);
      if (state === undefined) {
        state = this.#state(user, scope, undefined);
        if (this.#views.size >= 4096) this.#views.clear();
        this.#views.set(key, state);
      }
      return new PermissionView(state, this.#perms, this.#ids, this.#sorted);
    }

    // The calls below are the authoring module's (full.mjs), with the engine moved there.

    #api() {
      return (this.#inner ??= {
        raw: () => this.#upgrade(),
        Raw: () => this.#Raw,
        ctx: (c) => this.#ctx(c),
        changed: () => this.#changed(),
        // The numbers `check` asks with (refused as it refuses them, a permission of another
        // level aside: `mismatch`); -1: an unknown user or scope.
        perm: (p) => this.#perm(p),
        user: (u) => this.#user(u),
        scope: (s) => this.#scope(s),
        // The numbers of ids asked about before (the maps are never replaced): each a
        // well-formed id the engine holds.
        users: this.#users,
        perms: this.#perms,
        scopes: this.#scopes,
        // Throws the level_mismatch error `check` throws for permission number `p` at `scope`,
        // if it would.
        mismatch: (p, scope) => {
          const e = this.#mismatch(p, scope);
          if (e) throw e;
        },
        version: () => this.#version,
        forgetScopes: () => this.#forget(),
        compiled: () => this.#compiled,
      });
    }

    // A call site of its own (a page or a log asks it in a loop): the forwarders' below sees
    // every method they forward, and calls through it are not inlined.
    explain(user, permission, scope, context) {
      return (full ??= authoring().methods).explain(this.#api(), user, permission, scope, context);
    }

    // The other methods of `FULL`: full.mjs, with the engine moved there.
    static {
      for (const name of FULL) {
        // The method found once (the authoring module loads once); five arguments at most (a
        // missing one is undefined either way): no rest array.
        let method;
        Engine.prototype[name] = function (a, b, c, d, e) {
          method ??= (full ??= authoring().methods)[name];
          return method.call(full, this.#api(), a, b, c, d, e);
        };
      }
    }

    /** Replaces the directory (all or nothing). */
    loadDirectory(directory) {
      if (directory === undefined || directory === null) throw fail("invalid_directory", "a directory is required");
      if (directory instanceof Uint8Array || directory instanceof ArrayBuffer) this.#loadSnapshot(directory);
      else this.#load(directory);
      this.#changed();
    }

    /** Releases the wasm memory now rather than when the engine is garbage collected. */
    free() {
      if (this.#raw === FREED) return;
      this.#raw.free();
      this.#raw = FREED;
      this.#flat = undefined;
      this.#forget();
      this.#contexts.clear();
    }
  }

  return Engine;
}

