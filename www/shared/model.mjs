// What the pages know about a model and a directory, all read from the engine once per load:
// `describe()`, `roles()`, `matrix()` and one `exportDirectory()`. Nothing here names a role, a
// permission or a level of any model.

const depthOf = (path) => {
  let d = 0;
  for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) d++;
  return d;
};
export { depthOf };

/** The scope at `depth` on `path` (`path` itself at its own depth), or null below it. */
export function ancestorAt(path, depth) {
  if (depth < 0) return null;
  let i = -1;
  for (let k = 0; k <= depth; k++) {
    i = path.indexOf("/", i + 1);
    if (i < 0) return k === depth ? path : null;
  }
  return path.slice(0, i);
}

export const lastSegment = (path) => path.slice(path.lastIndexOf("/") + 1);
export const parentOf = (path) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : null);
export const isWithin = (path, root) => path === root || path.startsWith(`${root}/`);

const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** Context keys with the values worth offering: the model's, one just below each version it names, the default. */
function contextKeys(info) {
  return info.context.map((c) => {
    const values = new Set(c.values);
    if (c.version) {
      for (const v of c.values) values.add(v.replace(/(\d+)$/, (n) => (Number(n) > 0 ? String(Number(n) - 1) : n)));
    }
    if (c.default !== null) values.add(c.default);
    const sorted = [...values].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    return { key: c.key, label: c.label, default: c.default ?? undefined, values: sorted, version: c.version };
  });
}

/** The model as the pages use it. */
export function readModel(engine) {
  const info = engine.describe();
  const roles = engine.roles();
  const matrix = engine.matrix();
  const byId = new Map(info.permissions.map((p) => [p.id, p]));
  const perms = matrix.permissions.map((id) => {
    const p = byId.get(id);
    return { ...p, group: p.group ?? id.split(".")[0] };
  });
  const levels = info.levels;
  const levelDepth = new Map(levels.map((l) => [l.id, l.depth]));
  const role = new Map(roles.map((r) => [r.id, r]));
  const roleIndex = new Map(matrix.roles.map((r, i) => [r, i]));
  const permIndex = new Map(matrix.permissions.map((p, j) => [p, j]));

  // Every role a role includes (its inherits, transitively).
  const closure = new Map();
  const close = (id, seen = new Set()) => {
    if (closure.has(id)) return closure.get(id);
    const out = new Set();
    for (const child of role.get(id)?.inherits ?? []) {
      if (seen.has(child)) continue;
      out.add(child);
      for (const x of close(child, new Set([...seen, id]))) out.add(x);
    }
    closure.set(id, out);
    return out;
  };
  roles.forEach((r) => close(r.id));

  const grantedBy = new Map(); // permission -> roles whose matrix cell is set
  perms.forEach((p) => {
    const j = permIndex.get(p.id);
    grantedBy.set(p.id, matrix.roles.filter((_, i) => matrix.cells[i][j]));
  });

  const groups = [...new Set(perms.map((p) => p.group))];
  const contextList = contextKeys(info);
  return {
    name: info.name,
    info,
    levels,
    levelDepth,
    chain: engine.levels, // scoped levels, by path depth
    perms,
    perm: new Map(perms.map((p) => [p.id, p])),
    groups,
    groupLabel: (g) => capital(g),
    roles,
    role,
    roleIndex,
    permIndex,
    matrix,
    closure,
    grantedBy,
    context: contextList,
    contextKey: new Map(contextList.map((c) => [c.key, c])),
    /** The path depth at which a role is held (an unscoped level: its parent's). */
    roleDepth: (id) => levelDepth.get(role.get(id)?.level) ?? 0,
    levelOfScope: (path) => engine.levels[depthOf(path)] ?? "",
    levelLabel: (id) => levels.find((l) => l.id === id)?.label ?? id,
    /** The lowest roles granting a permission: no other granting role is included in them. */
    lowest(permission, roleIds = grantedBy.get(permission) ?? []) {
      const set = new Set(roleIds);
      return roleIds.filter((r) => ![...closure.get(r)].some((x) => set.has(x)));
    },
  };
}

/**
 * The directory as the pages use it: scopes as a tree, members, and assignments by user and by
 * scope. Kept in step with the engine by the pages' own changes (assign and revoke, with the
 * engine's rule that a role of an exclusive group replaces the user's other role of that group),
 * so a change never exports the whole directory again.
 */
export class DirectoryIndex {
  constructor(general, meta) {
    this.meta = meta;
    this.scopes = general.scopes ?? [];
    this.scopeSet = new Set(this.scopes);
    this.children = new Map();
    this.roots = [];
    for (const path of this.scopes) {
      const parent = parentOf(path);
      if (parent === null || !this.scopeSet.has(parent)) this.roots.push(path);
      else {
        let list = this.children.get(parent);
        if (!list) this.children.set(parent, (list = []));
        list.push(path);
      }
    }
    this.members = general.members ?? {};
    this.byUser = new Map();
    this.byScope = new Map();
    for (const a of general.assignments ?? []) this.#add(a.user, a.role, a.scope);
    const everyone = new Set(this.byUser.keys());
    for (const list of Object.values(this.members)) for (const u of list) everyone.add(u);
    const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    const holders = [...this.byUser.keys()].sort(cmp);
    const others = [...everyone].filter((u) => !this.byUser.has(u)).sort(cmp);
    this.holders = holders.length;
    /** Every user: those holding a role first, each part sorted. */
    this.users = [...holders, ...others];
    this.userSet = everyone;
    this.shortCounts = new Map();
    for (const u of this.users) {
      const k = shortName(u);
      this.shortCounts.set(k, (this.shortCounts.get(k) ?? 0) + 1);
    }
    this._memberOf = null;
  }

  #add(user, role, scope) {
    let list = this.byUser.get(user);
    if (!list) this.byUser.set(user, (list = []));
    if (list.some((a) => a.role === role && a.scope === scope)) return;
    list.push({ user, role, scope });
    let here = this.byScope.get(scope);
    if (!here) this.byScope.set(scope, (here = []));
    here.push({ user, role, scope });
  }

  #remove(user, role, scope) {
    const drop = (list) => {
      const i = list?.findIndex((a) => a.user === user && a.role === role && a.scope === scope) ?? -1;
      if (i >= 0) list.splice(i, 1);
      return i >= 0;
    };
    drop(this.byScope.get(scope));
    return drop(this.byUser.get(user));
  }

  /** Mirrors `engine.assign`: returns the assignments it replaced (same exclusive group). */
  assigned(user, role, scope) {
    const group = this.meta.role.get(role)?.group;
    const replaced = [];
    if (group) {
      for (const a of [...(this.byUser.get(user) ?? [])]) {
        if (a.scope === scope && a.role !== role && this.meta.role.get(a.role)?.group === group) {
          this.#remove(user, a.role, scope);
          replaced.push(a);
        }
      }
    }
    this.#add(user, role, scope);
    if (!this.userSet.has(user)) {
      this.userSet.add(user);
      this.users.push(user);
    }
    return replaced;
  }

  revoked(user, role, scope) {
    return this.#remove(user, role, scope);
  }

  holds(user, role, scope) {
    return (this.byUser.get(user) ?? []).some((a) => a.role === role && a.scope === scope);
  }

  /** The user's assignments at the scope and above it. */
  onPath(user, scope) {
    return (this.byUser.get(user) ?? []).filter((a) => isWithin(scope, a.scope));
  }

  isMember(user, scope) {
    return (this.members[scope] ?? []).includes(user);
  }

  /** Scopes whose member list names the user (built on first use). */
  memberOf(user) {
    if (!this._memberOf) {
      this._memberOf = new Map();
      for (const [scope, list] of Object.entries(this.members)) {
        for (const u of list) {
          let l = this._memberOf.get(u);
          if (!l) this._memberOf.set(u, (l = []));
          l.push(scope);
        }
      }
    }
    return this._memberOf.get(user) ?? [];
  }

  /** The nearest scope above or at `scope` with a member list that lacks the user. */
  missingMembership(user, scope) {
    for (let d = 0; d <= depthOf(scope); d++) {
      const at = ancestorAt(scope, d);
      const list = this.members[at];
      if (list && list.length && !list.includes(user)) return at;
    }
    return null;
  }

  /** Every scope in the subtree of `root` (itself first). */
  subtree(root) {
    const out = [];
    const walk = (p) => {
      out.push(p);
      for (const c of this.children.get(p) ?? []) walk(c);
    };
    if (this.scopeSet.has(root)) walk(root);
    return out;
  }

  /** A person's name for an id: the part of an address before "@", unless two people share it. */
  name(user) {
    const k = shortName(user);
    return (this.shortCounts.get(k) ?? 0) > 1 ? user : k;
  }
}

export function shortName(id) {
  const at = id.indexOf("@");
  const local = at > 0 ? id.slice(0, at) : id;
  const words = local.split(/[._+-]+/).filter(Boolean);
  if (!words.length) return id;
  return words.map(capital).join(" ");
}
