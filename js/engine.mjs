// @cjs
// The public `Engine`: a thin JavaScript class over the wasm `RawEngine`.
//
// Why a JavaScript layer at all: passing strings into wasm costs hundreds of nanoseconds, a call
// with numbers about twenty. So `check` looks the user, permission and scope up in JS maps
// (filled on first use, never stale: the engine only ever adds ids) and crosses with three
// numbers; `view()` copies the permission bits out once and answers `has()` in JS alone.

const ARG = "invalid_argument";

function fail(code, message, path) {
  const err = new Error(message);
  err.code = code;
  if (path !== undefined) err.path = path;
  return err;
}

// A JavaScript string crosses into wasm as UTF-8, where a lone surrogate (half of a UTF-16
// pair) would silently become U+FFFD: "ana\ud800" and "ana\ufffd" would be one user. Such ids
// are refused before they cross.
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed = typeof "".isWellFormed === "function" ? (s) => s.isWellFormed() : (s) => !LONE.test(s);

function invisible(c) {
  return (
    c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xad || c === 0x34f || c === 0x61c || c === 0x115f || c === 0x1160 ||
    c === 0x17b4 || c === 0x17b5 || (c >= 0x180b && c <= 0x180f) || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) || c === 0x3164 || (c >= 0xfe00 && c <= 0xfe0f) || c === 0xfeff || c === 0xffa0 ||
    (c >= 0xfff0 && c <= 0xfffb) || (c >= 0xd800 && c <= 0xdfff) || (c >= 0xe0000 && c <= 0xe0fff)
  );
}

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
    else if (invisible(c)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out;
}

function kind(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

function str(value, name) {
  if (typeof value !== "string") throw fail(ARG, `${name} must be a string, got ${kind(value)}`);
  if (!wellFormed(value)) throw fail(ARG, `${name} '${shown(value)}' is not well-formed Unicode (it holds a lone surrogate)`);
  return value;
}

function optStr(value, name) {
  return value === undefined ? undefined : str(value, name);
}

// Models, directories and contexts may be given as objects or as JSON text. An object's lone
// surrogates come out of JSON.stringify as \u escapes, which the engine refuses as well.
function doc(value, code) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    if (!wellFormed(value)) throw fail(ARG, "the document is not well-formed Unicode (it holds a lone surrogate)");
    return value;
  }
  if (typeof value !== "object") throw fail(code, `expected an object or JSON text, got ${kind(value)}`);
  try {
    return JSON.stringify(value);
  } catch (e) {
    throw fail("invalid_json", `the value cannot be written as JSON: ${e instanceof Error ? e.message : "it threw"}`);
  }
}

// The largest document the engine reads (limits.rs: MAX_DIRECTORY_BYTES). A text's UTF-8 form
// is at least as long as the text, so a longer text is refused before it crosses into wasm.
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
const NON_ASCII = /[^\x00-\x7f]/;

// A large document crosses into wasm only when the wasm memory has room for it: wasm-bindgen's
// own allocation of an argument traps when it fails, and a trap poisons the instance.
function room(RawEngine, text) {
  if (text === undefined) return text;
  if (text.length > MAX_DOCUMENT_BYTES) throw fail("limit_exceeded", `the document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  if (text.length > 65536) {
    // wasm-bindgen copies an ASCII text as it is; any other may take three bytes a character.
    const bytes = NON_ASCII.test(text) ? text.length * 3 : text.length;
    if (!RawEngine.hasRoom(bytes)) throw fail("limit_exceeded", `the wasm memory has no room for a document of ${text.length} characters (engines in one page or process share at most 4 GiB)`);
  }
  return text;
}

function ctx(context) {
  return doc(context, "invalid_context");
}

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

function remembered(map, key, ask) {
  let v = map.get(key);
  if (v === undefined) {
    v = ask(key);
    if (v >= 0) map.set(key, v);
  }
  return v;
}

// Every string in a document given as an object, keys included, checked as ids are: the
// authoring module reads objects through serde-wasm-bindgen, which would turn a lone surrogate
// into U+FFFD silently.
function wellFormedDoc(value, depth = 0) {
  if (typeof value === "string") {
    if (!wellFormed(value)) throw fail(ARG, "the document is not well-formed Unicode (it holds a lone surrogate)");
  } else if (value !== null && typeof value === "object") {
    if (depth > 128) throw fail("invalid_json", "the document is nested deeper than 128 levels");
    for (const k of Object.keys(value)) {
      wellFormedDoc(k, depth + 1);
      wellFormedDoc(value[k], depth + 1);
    }
  }
}

function bytes(value, code) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw fail(code, `expected a Uint8Array, got ${kind(value)}`);
}

/**
 * The public `Engine` over a runtime module's `RawEngine`. `authoring()` returns the authoring
 * module's exports (loading it on first use where that can be done synchronously) or throws
 * `not_initialized`.
 */
export function makeEngine(RawEngine, ensureReady, authoring) {
  const token = Symbol("rolecascade.Engine");

  // A document for the authoring module: a JavaScript object as it is (checked), or text.
  function compileModel(model) {
    if (model === undefined || model === null) throw fail("invalid_model", "a model is required");
    const a = authoring();
    if (typeof model === "string") return a.compile(room(RawEngine, doc(model, "invalid_model")));
    if (typeof model !== "object") throw fail("invalid_model", `expected an object or JSON text, got ${kind(model)}`);
    wellFormedDoc(model);
    return a.compileObject(model);
  }

  function withDirectory(raw, directory) {
    const text = room(RawEngine, doc(directory, "invalid_directory"));
    if (text !== undefined) raw.loadDirectory(text);
    return raw;
  }

  class Engine {
    #raw;
    #compiled; // the model's binary form, for the authoring module (undefined: the default model)
    #users = new Map();
    #scopes = new Map();
    #scopeDepths = new Map(); // scope -> depth (paths never change level)
    #perms; // id -> bit
    #ids; // bit -> id
    #depths; // bit -> depth, -1 for level-free
    #sorted; // bits in id order

    constructor(key, raw) {
      if (key !== token) throw fail(ARG, "use Engine.bizagi() or Engine.fromModel()");
      this.#raw = raw;
      const info = JSON.parse(raw.modelInfo());
      this.#ids = info.permissions.map((p) => p.id);
      this.#depths = Int8Array.from(info.permissions.map((p) => (p.depth === null ? -1 : p.depth)));
      this.#perms = new Map(this.#ids.map((id, i) => [id, i]));
      this.#sorted = info.sorted;
      this.levels = info.levels;
      this.modelName = info.name;
    }

    /** The embedded default model, with an optional directory. */
    static bizagi(directory) {
      ensureReady();
      return new Engine(token, withDirectory(RawEngine.bizagi(), directory));
    }

    /** A model of your own (a document, compiled by the authoring module), with an optional directory. */
    static fromModel(model, directory) {
      ensureReady();
      const compiled = compileModel(model);
      const e = new Engine(token, withDirectory(RawEngine.fromCompiled(compiled), directory));
      e.#compiled = compiled;
      return e;
    }

    /** A model compiled ahead of time (`rolecascade compile`), with an optional directory. */
    static fromCompiled(compiled, directory) {
      ensureReady();
      const b = bytes(compiled, "invalid_model");
      const e = new Engine(token, withDirectory(RawEngine.fromCompiled(b), directory));
      e.#compiled = b;
      return e;
    }

    /** An engine from `exportSnapshot()`: the same model and directory, the same answers. */
    static fromSnapshot(snapshot) {
      ensureReady();
      return new Engine(token, RawEngine.fromSnapshot(bytes(snapshot, "invalid_directory")));
    }

    /** The model and the directory in one binary value. */
    exportSnapshot() {
      return this.#raw.exportSnapshot();
    }

    // Number of a user, of a scope, and a scope's depth: asked of wasm once, then from a map
    // (-1, unknown, is not kept: the id may be added later). Ids are checked before they cross.
    #user(user) {
      return remembered(this.#users, user, (k) => this.#raw.userId(str(k, "user")));
    }

    #scope(scope) {
      return remembered(this.#scopes, scope, (k) => this.#raw.scopeId(str(k, "scope")));
    }

    #depthOf(scope) {
      return remembered(this.#scopeDepths, scope, (k) => this.#raw.scopeDepth(str(k, "scope")));
    }

    check(user, permission, scope, context) {
      if (context === undefined) {
        const p = this.#perms.get(permission);
        const u = this.#users.get(user);
        const s = this.#scopes.get(scope);
        if (p !== undefined && u !== undefined && s !== undefined) {
          const r = this.#raw.checkIds(u, p, s);
          if (r >= 0) return r === 1;
        } else if (p !== undefined && typeof user === "string" && typeof scope === "string") {
          const u2 = this.#user(user);
          const s2 = this.#scope(scope);
          if (u2 >= 0 && s2 >= 0) {
            const r = this.#raw.checkIds(u2, p, s2);
            if (r >= 0) return r === 1;
          }
        }
      }
      // The full path: unknown ids, contexts, and every error with its message.
      return this.#raw.check(str(user, "user"), str(permission, "permission"), str(scope, "scope"), ctx(context));
    }

    explain(user, permission, scope, context) {
      return JSON.parse(this.#raw.explain(str(user, "user"), str(permission, "permission"), str(scope, "scope"), ctx(context)));
    }

    /**
     * Stateless mode, for callers with no directory (an edge worker holding a signed token):
     * `assignments` are the user's own `[{ role, scope }]`; scopes come from the path alone.
     */
    explainAssignments(user, assignments, permission, scope, context) {
      if (!Array.isArray(assignments)) throw fail(ARG, "assignments must be an array of { role, scope }");
      const text = doc(assignments, "invalid_directory");
      return JSON.parse(this.#raw.explainAssignments(str(user, "user"), text, str(permission, "permission"), str(scope, "scope"), ctx(context)));
    }

    checkAssignments(user, assignments, permission, scope, context) {
      return this.explainAssignments(user, assignments, permission, scope, context).allowed;
    }

    #state(user, scope, context) {
      // Known user and scope, default context: numbers only. Otherwise strings, which also
      // covers unknown ids (an empty view) and every error with its message.
      let words;
      if (context === undefined && typeof user === "string" && typeof scope === "string") {
        const u = this.#user(user);
        const s = u >= 0 ? this.#scope(scope) : -1;
        if (s >= 0) words = this.#raw.holdingIds(u, s);
      }
      words ??= this.#raw.holding(str(user, "user"), str(scope, "scope"), ctx(context));
      const depth = this.#depthOf(scope);
      const n = this.#ids.length;
      const state = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const d = this.#depths[i];
        state[i] = depth >= 0 && d >= 0 && d !== depth ? 2 : (words[i >>> 5] >>> (i & 31)) & 1;
      }
      return state;
    }

    permissions(user, scope, context) {
      return this.view(user, scope, context).list();
    }

    view(user, scope, context) {
      return new PermissionView(this.#state(user, scope, context), this.#perms, this.#ids, this.#sorted);
    }

    whoCan(permission, scope, context) {
      return JSON.parse(this.#raw.whoCan(str(permission, "permission"), str(scope, "scope"), ctx(context)));
    }

    portals(user, context) {
      return JSON.parse(this.#raw.portals(str(user, "user"), ctx(context)));
    }

    canAssign(actor, role, scope, target, context) {
      return JSON.parse(this.#raw.canAssign(str(actor, "actor"), str(role, "role"), str(scope, "scope"), str(target, "target"), ctx(context)));
    }

    /** Assigns a role (as `actor`, when given: then `canAssign` must allow it). */
    assign(user, role, scope, actor) {
      this.#raw.assign(str(user, "user"), str(role, "role"), str(scope, "scope"), optStr(actor, "actor"));
    }

    /** Revokes a role (as `actor`, when given: then `canAssign` must allow it). */
    revoke(user, role, scope, actor) {
      return this.#raw.revoke(str(user, "user"), str(role, "role"), str(scope, "scope"), optStr(actor, "actor"));
    }

    /** Creates a scope as `actor`, as the level's `create` rule says (a project's creator owns it). */
    createScope(actor, scope) {
      this.#raw.createScope(str(actor, "actor"), str(scope, "scope"));
    }

    /** Removes a scope and everything below it, as `actor` (the level's `remove` rule). */
    removeScope(actor, scope) {
      this.#raw.removeScope(str(actor, "actor"), str(scope, "scope"));
      // Numbers stay reserved for their paths; the depths cached for views are dropped so that a
      // removed scope answers as an unknown one.
      this.#scopeDepths.clear();
    }

    /** Adds a user to a scope's member list (as `actor`, when given: the level's `addMember` rule). */
    addMember(scope, user, actor) {
      return this.#raw.addMember(str(scope, "scope"), str(user, "user"), optStr(actor, "actor"));
    }

    /** Takes a user off a scope's member list and everything below it (as `actor`, when given). */
    removeMember(scope, user, actor) {
      return this.#raw.removeMember(str(scope, "scope"), str(user, "user"), optStr(actor, "actor"));
    }

    /** Replaces the directory (all or nothing). */
    loadDirectory(directory) {
      const text = doc(directory, "invalid_directory");
      if (text === undefined) throw fail("invalid_directory", "a directory is required");
      this.#raw.loadDirectory(room(RawEngine, text));
      this.#users.clear();
      this.#scopes.clear();
      this.#scopeDepths.clear();
    }

    // The model for the authoring module: its compiled bytes, or undefined for the default
    // model (whose labels the runtime module leaves out and the authoring module has).
    #model() {
      if (this.#compiled === undefined && !this.#raw.isDefault()) this.#compiled = this.#raw.compiled();
      return this.#compiled;
    }

    roleLabel(role, scope) {
      return authoring().roleLabel(this.#model(), str(role, "role"), optStr(scope, "scope"));
    }

    roles() {
      return authoring().roles(this.#model());
    }

    describe() {
      return authoring().describe(this.#model());
    }

    matrix() {
      const m = authoring().matrix(this.#model());
      // Also readable as m[role][permission] (non-enumerable, so the documented shape is what
      // JSON.stringify and deep equality see; a role named like a field keeps the field).
      m.roles.forEach((role, i) => {
        if (role in m) return;
        const row = Object.create(null);
        m.permissions.forEach((p, j) => {
          row[p] = m.cells[i][j];
        });
        Object.defineProperty(m, role, { enumerable: false, value: row });
      });
      Object.defineProperty(m, "get", {
        enumerable: false,
        value(role, permission) {
          const i = m.roles.indexOf(role);
          const j = m.permissions.indexOf(permission);
          if (i < 0) throw fail("unknown_role", `unknown role '${shown(role)}'`);
          if (j < 0) throw fail("unknown_permission", `unknown permission '${shown(permission)}'`);
          return m.cells[i][j];
        },
      });
      return m;
    }

    exportDirectory() {
      return JSON.parse(this.#raw.exportDirectory());
    }

    /** Releases the wasm memory now rather than when the engine is garbage collected. */
    free() {
      if (this.#raw === FREED) return;
      this.#raw.free();
      this.#raw = FREED;
      this.#users.clear();
      this.#scopes.clear();
    }
  }

  return Engine;
}
