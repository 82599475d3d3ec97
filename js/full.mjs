// @cjs
// The `Engine` methods the authoring module answers, loaded with it (a page that only checks
// never downloads them). Each takes the engine's inner hooks first (`api`, from engine.mjs):
// `raw()` moves the engine to the authoring module and returns it there; `ctx(context)` is a
// context's number in it; `changed()` moves the version on and tells the subscribers.

import { fail, ARG, kind, shown, str, optStr, wellFormed, room, NON_ASCII, MAX_DOCUMENT_BYTES, MAX_ID_CHARS } from "./errors.mjs";

// An id crossing into the authoring module: one longer than any the engine keeps could only
// fail (and a huge one could exhaust the memory wasm-bindgen copies it into), so it is refused.
function id(value, name) {
  const s = str(value, name);
  if (s.length > MAX_ID_CHARS) throw fail("limit_exceeded", `${name} is ${s.length} characters long, longer than any id the engine keeps (${MAX_ID_CHARS})`);
  return s;
}

function optId(value, name) {
  return value === undefined ? undefined : id(value, name);
}

function bytes(value, code) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw fail(code, `expected a Uint8Array, got ${kind(value)}`);
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

// Whether an id shows as it is in a message: printable ASCII without quotes or backslashes (most
// ids), which `shown` would give back unchanged after its walk. `esc`: the id as messages show it.
function printable(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x27 || c === 0x5c) return false;
  }
  return true;
}
const esc = (s) => (printable(s) ? s : shown(s));

// A scope's ancestor at `depth` (0: the root): its path's first `depth + 1` segments.
function prefix(scope, depth) {
  let i = -1;
  for (let d = 0; d <= depth; d++) if ((i = scope.indexOf("/", i + 1)) < 0) return scope;
  return scope.slice(0, i);
}

// What `explain` keeps of an engine, on its hooks (`api.explained`), while the directory stays
// as it is (its version: a change may renumber the users and scopes): the role ids by number
// (the authoring module's `roleIds`, asked once for good); whether each user's and scope's id
// (by number) shows as it is in a reason (1) or escaped (2), a byte per id; and why a permission
// is not available at a scope in the model's default context (the engine's words, which name
// the permission, the scope and what its path shows, not the user), per scope number and
// permission number, for at most 1,024 scopes at a time.
function explained(api, e) {
  const version = api.version();
  let x = api.explained;
  if (x === undefined || x.version !== version) {
    api.explained = x = { version, roles: x === undefined ? e.roleIds() : x.roles, users: { a: new Uint8Array(256) }, scopes: { a: new Uint8Array(256) }, reasons: new Map() };
  }
  return x;
}
function unavailable(x, e, user, permission, scope, p, s) {
  let at = x.reasons.get(s);
  if (at === undefined) {
    if (x.reasons.size >= 1024) x.reasons.clear();
    x.reasons.set(s, (at = []));
  }
  return (at[p] ??= e.explain(user, permission, scope, 0).reason);
}
function escId(ids, n, s) {
  let a = ids.a;
  if (n >= a.length) {
    const b = new Uint8Array(Math.max(2 * a.length, n + 1));
    b.set(a);
    ids.a = a = b;
  }
  let f = a[n];
  if (f === 0) a[n] = f = printable(s) ? 1 : 2;
  return f === 1 ? s : shown(s);
}

// Past this much wasm memory, a call first makes sure some is left: the engine's answers are
// built in memory they cannot fail to get, and a failed allocation would trap the module.
const NEARLY_FULL = 3.5 * 2 ** 30;

/**
 * The methods, over the authoring module's exports `A` and its `memory` (where `explain` reads
 * the engine's answers, and by which a call is refused with `limit_exceeded` rather than trap
 * when the memory is all but gone).
 */
export function fullMethods(A, memory) {
  function roomy() {
    if (view().byteLength > NEARLY_FULL && !A.RawEngine.hasRoom(64 << 20)) {
      throw fail("limit_exceeded", "the wasm memory is nearly full (engines in one page or process share at most 4 GiB): free an engine or load a smaller directory");
    }
  }

  // The engine on the authoring module, once there is room for an answer.
  function raw(api) {
    roomy();
    return api.raw();
  }

  // The authoring module's memory as numbers, made again when the memory has grown (which
  // leaves the old view empty): its size is the view's.
  let words = new Uint32Array(memory.buffer);
  function view() {
    if (words.length === 0) words = new Uint32Array(memory.buffer);
    return words;
  }

  // A change; the version moves (and the listeners hear of it) when it changed something. With
  // `scopes` (a change that may remove or renumber scopes), the engine's scope numbers are
  // forgotten first, so that a listener asking again is answered afresh.
  function change(api, f, scopes) {
    const r = f(raw(api));
    if (scopes) api.forgetScopes();
    if (r !== false) api.changed();
    return r;
  }

  return {
    /** A model document (object or JSON text) compiled into its binary form. */
    compile(model) {
      if (model === undefined || model === null) throw fail("invalid_model", "a model is required");
      if (typeof model === "string") {
        if (!wellFormed(model)) throw fail(ARG, "the document is not well-formed Unicode (it holds a lone surrogate)");
        if (model.length > MAX_DOCUMENT_BYTES) throw fail("limit_exceeded", `the document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
        room(A.RawEngine, NON_ASCII.test(model) ? model.length * 3 : model.length);
        return A.compile(model);
      }
      if (typeof model !== "object") throw fail("invalid_model", `expected an object or JSON text, got ${kind(model)}`);
      try {
        wellFormedDoc(model);
        return A.compileObject(model);
      } catch (e) {
        // A getter or a proxy that throws: the caller's own error, given a code.
        throw typeof e?.code === "string" ? e : fail("invalid_model", `reading the model threw: ${shown(String(e instanceof Error ? e.message : e))}`);
      }
    },

    /** A snapshot's engine (on the model `compiled`, when given: refused if it holds another). */
    fromSnapshot(snapshot, compiled) {
      const b = bytes(snapshot, "invalid_directory");
      room(A.RawEngine, b.length * 2);
      roomy();
      const snap = A.RawEngine.fromSnapshot(b);
      if (compiled !== undefined && !snap.sameModel(compiled)) {
        snap.free();
        throw fail("invalid_directory", "the snapshot holds another model than this engine's");
      }
      return snap;
    },

    exportSnapshot(api) {
      return raw(api).exportSnapshot();
    },

    explain(api, user, permission, scope, context) {
      let p = api.perms.get(permission);
      let u = api.users.get(user);
      let s = api.scopes.get(scope);
      // Ids asked about before (all three in the engine's maps) are well-formed ids it holds.
      if (u === undefined || p === undefined || s === undefined) {
        id(user, "user");
        id(permission, "permission");
        id(scope, "scope");
      }
      const e = raw(api);
      let c = 0;
      if (context !== undefined) {
        c = api.ctx(context);
        // Reading the context may run the caller's code (a getter, a proxy), which may change
        // the directory and its numbers: the user's and the scope's are asked again.
        u = s = undefined;
      }
      p ??= api.perm(permission);
      u ??= api.user(user);
      s ??= api.scope(scope);
      if (s < 0) return { allowed: false, grants: [], reason: `scope '${esc(scope)}' is not in the directory`, denial: "unknown_scope" };
      if (u < 0) {
        api.mismatch(p, scope);
        return { allowed: false, grants: [], reason: `user '${esc(user)}' is not in the directory`, denial: "unknown_user" };
      }
      // The role ids and which ids show as they are, had first: a call into the module could
      // move the answer's room. The answer in numbers, read from the authoring module's memory
      // (`[count, ...numbers]`) before anything else calls into it.
      const x = explained(api, e);
      const roles = x.roles;
      let k = e.explainIds(u, p, s, c) >>> 2;
      const w = view();
      const kind = w[k] === 0 ? -1 : w[k + 1];
      k += 2;
      // The common answers are put in words here, as the engine words them (explain.rs); the
      // others come from the engine.
      if (kind === 0) api.mismatch(p, scope);
      if (kind === 3 && c === 0) return { allowed: false, grants: [], reason: unavailable(x, e, user, permission, scope, p, s), denial: "unavailable" };
      if (kind !== 1 && kind !== 2) return e.explain(user, permission, scope, c);
      const who = escId(x.users, u, user);
      const where = escId(x.scopes, s, scope);
      // An ancestor's path is a prefix of the scope's: shown as it is when the scope's is.
      const plain = where === scope;
      const n = w[k++];
      if (kind === 2) {
        let holds = n === 0 ? "holds no role on that path" : "holds ";
        for (let i = 0; i < n; i++, k += 2) {
          const a = prefix(scope, w[k + 1]);
          holds += `${i === 0 ? "" : ", "}${roles[w[k]]} at '${plain ? a : shown(a)}'`;
        }
        return { allowed: false, grants: [], reason: `no role of '${who}' grants '${permission}' at '${where}' or above ('${who}' ${holds})`, denial: "no_grant" };
      }
      const grants = new Array(n);
      let first = "";
      for (let i = 0; i < n; i++) {
        const via = new Array(w[k + 3]);
        const g = { user, role: roles[w[k]], scope: prefix(scope, w[k + 1]), via };
        if (w[k + 2] === 1) g.default = true;
        k += 4;
        for (let j = 0; j < via.length; j++) via[j] = roles[w[k++]];
        grants[i] = g;
        if (i === 0) first = `${g.role} at '${plain ? g.scope : shown(g.scope)}' (${via.length === 1 ? via[0] : via.join(" -> ")})`;
      }
      const more = n > 1 ? ` and ${n - 1} other path${n > 2 ? "s" : ""}` : "";
      return { allowed: true, grants, reason: `'${who}' holds '${permission}' at '${where}' through ${first}${more}` };
    },

    /**
     * Stateless mode, for callers with no directory (an edge worker holding a signed token):
     * `assignments` are the user's own `[{ role, scope }]`; scopes come from the path alone.
     */
    explainAssignments(api, user, assignments, permission, scope, context) {
      if (!Array.isArray(assignments)) throw fail(ARG, "assignments must be an array of { role, scope }");
      wellFormedDoc(assignments);
      let json;
      try {
        json = JSON.stringify(assignments);
      } catch (e) {
        throw fail("invalid_json", `the value cannot be written as JSON: ${shown(e instanceof Error ? String(e.message) : "it threw")}`);
      }
      const args = [id(user, "user"), json, id(permission, "permission"), id(scope, "scope")];
      const e = raw(api);
      room(api.Raw(), json.length * 3);
      return e.explainAssignments(...args, api.ctx(context));
    },

    checkAssignments(api, ...args) {
      return this.explainAssignments(api, ...args).allowed;
    },

    whoCan(api, permission, scope, context) {
      const args = [id(permission, "permission"), id(scope, "scope")];
      const e = raw(api);
      return e.whoCan(...args, api.ctx(context));
    },

    portals(api, user, context) {
      const u = id(user, "user");
      const e = raw(api);
      return e.portals(u, api.ctx(context));
    },

    canAssign(api, actor, role, scope, target, context) {
      const args = [id(actor, "actor"), id(role, "role"), id(scope, "scope"), id(target, "target")];
      const e = raw(api);
      return e.canAssign(...args, api.ctx(context));
    },

    /** Assigns a role (as `actor`, when given: then `canAssign` must allow it). */
    assign(api, user, role, scope, actor) {
      const args = [id(user, "user"), id(role, "role"), id(scope, "scope"), optId(actor, "actor")];
      change(api, (raw) => raw.assign(...args));
    },

    /** Revokes a role (as `actor`, when given: then `canAssign` must allow it). */
    revoke(api, user, role, scope, actor) {
      const args = [id(user, "user"), id(role, "role"), id(scope, "scope"), optId(actor, "actor")];
      return change(api, (raw) => raw.revoke(...args));
    },

    /** Creates a scope as `actor`, as the level's `create` rule says (a project's creator owns it). */
    createScope(api, actor, scope) {
      const args = [id(actor, "actor"), id(scope, "scope")];
      change(api, (raw) => raw.createScope(...args));
    },

    /** Removes a scope and everything below it, as `actor` (the level's `remove` rule). */
    removeScope(api, actor, scope) {
      const args = [id(actor, "actor"), id(scope, "scope")];
      // A removed scope answers as an unknown one: its cached number and depth go.
      change(api, (raw) => raw.removeScope(...args), true);
    },

    /** Adds a user to a scope's member list (as `actor`, when given: the level's `addMember` rule). */
    addMember(api, scope, user, actor) {
      const args = [id(scope, "scope"), id(user, "user"), optId(actor, "actor")];
      return change(api, (raw) => raw.addMember(...args));
    },

    /** Takes a user off a scope's member list and everything below it (as `actor`, when given). */
    removeMember(api, scope, user, actor) {
      const args = [id(scope, "scope"), id(user, "user"), optId(actor, "actor")];
      return change(api, (raw) => raw.removeMember(...args));
    },

    /** `Engine.diff`: the models compiled here, the directory and context crossing as JSON text. */
    diff(before, after, directory, context) {
      const model = (m, which) => {
        if (m === undefined || m === null) return undefined; // the default model
        if (m instanceof Uint8Array || m instanceof ArrayBuffer) return new Uint8Array(m);
        try {
          return this.compile(m);
        } catch (e) {
          if (typeof e?.message === "string") e.message = `the ${which} model: ${e.message}`;
          throw e;
        }
      };
      const text = (value, code, what) => {
        if (value === undefined || value === null) return undefined;
        let t = value;
        if (typeof value !== "string") {
          if (typeof value !== "object" || value instanceof Uint8Array || value instanceof ArrayBuffer) throw fail(code, `expected ${what} as an object or JSON text, got ${kind(value)}`);
          wellFormedDoc(value);
          try {
            t = JSON.stringify(value);
          } catch (e) {
            throw fail("invalid_json", `the value cannot be written as JSON: ${shown(e instanceof Error ? String(e.message) : "it threw")}`);
          }
        } else if (!wellFormed(t)) throw fail(ARG, "the document is not well-formed Unicode (it holds a lone surrogate)");
        if (t.length > MAX_DOCUMENT_BYTES) throw fail("limit_exceeded", `the document is larger than ${MAX_DOCUMENT_BYTES} bytes`);
        return t;
      };
      const [b, a] = [model(before, "before"), model(after, "after")];
      const [d, c] = [text(directory, "invalid_directory", "a directory"), text(context, "invalid_context", "a context")];
      room(A.RawEngine, (d === undefined ? 0 : NON_ASCII.test(d) ? d.length * 3 : d.length) * 2);
      return A.diff(b, a, d, c);
    },

    /** A batch of changes, all or none; returns those that changed something. */
    apply(api, changes, actor) {
      if (!Array.isArray(changes)) throw fail(ARG, `changes must be an array of { op, ... }, got ${kind(changes)}`);
      try {
        wellFormedDoc(changes);
      } catch (e) {
        throw typeof e?.code === "string" ? e : fail(ARG, `reading the changes threw: ${shown(String(e instanceof Error ? e.message : e))}`);
      }
      const a = optId(actor, "actor");
      // A removed scope may have renumbered the scopes.
      const done = change(
        api,
        (r) => {
          const out = r.apply(changes, a);
          return out.length > 0 ? out : false;
        },
        true,
      );
      return done === false ? [] : done;
    },

    exportDirectory(api) {
      return JSON.parse(raw(api).exportDirectory());
    },

    roleLabel(api, role, scope) {
      return A.roleLabel(api.compiled(), id(role, "role"), optStr(scope, "scope"));
    },

    roles(api) {
      return A.roles(api.compiled());
    },

    describe(api) {
      return A.describe(api.compiled());
    },

    matrix(api) {
      const m = A.matrix(api.compiled());
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
    },
  };
}
