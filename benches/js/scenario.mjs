// What every engine is asked, and what the peers are told: the default model read from
// models/bizagi.json (never restated by hand), the generated directory indexed for the adapters,
// the compared permission subset and the deterministic query lists.

import { readFileSync } from "node:fs";

export const MODEL = JSON.parse(readFileSync(new URL("../../models/bizagi.json", import.meta.url), "utf8"));

/** Scoped levels, root first (company, subscription, project, environment). */
export const LEVELS = (() => {
  const scoped = MODEL.levels.filter((l) => l.scoped !== false);
  const out = [];
  let cur = scoped.find((l) => !l.parent);
  while (cur) {
    out.push(cur.id);
    cur = scoped.find((l) => l.parent === out[out.length - 1]);
  }
  return out;
})();

const PERM = new Map(MODEL.permissions.map((p) => [p.id, p]));
const ROLE = new Map(MODEL.roles.map((r) => [r.id, r]));

function expand(grant) {
  if (grant.endsWith(".*")) {
    const prefix = grant.slice(0, -1);
    return MODEL.permissions.map((p) => p.id).filter((id) => id.startsWith(prefix));
  }
  return [grant];
}

// Dotted numeric version comparison, as the model's versionGte.
function versionCmp(a, b) {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] || 0) - (y[i] || 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

const readsContext = (c) => c !== undefined && JSON.stringify(c).includes('"context"');
const readsAttr = (c) => c !== undefined && JSON.stringify(c).includes('"attr"');

/** A condition that reads only the request context, under the model's default context. */
function holdsByDefault(c) {
  if (c.all) return c.all.every(holdsByDefault);
  if (c.any) return c.any.some(holdsByDefault);
  if (c.not) return !holdsByDefault(c.not);
  const value = MODEL.context?.[c.context]?.default;
  if ("versionGte" in c) return value !== undefined && versionCmp(value, c.versionGte) >= 0;
  if ("eq" in c) return value === c.eq;
  throw new Error(`scenario: condition ${JSON.stringify(c)} is outside what the peer encodings support`);
}

/**
 * The compared permissions: those of a scoped level with no prerequisite, no context condition,
 * and granted by no role of an exclusive group (group defaults: developer profiles). The rest
 * (portals, `studio.*`, `build.profiles.manage`) need prerequisites, request context or group
 * defaults, which the peers have no natural way to say.
 */
export const SUBSET = MODEL.permissions
  .filter((p) => p.level !== "any" && !(p.requires && p.requires.length) && !readsContext(p.when))
  .filter((p) => !(MODEL.groups || []).some((g) => g.roles.some((r) => ROLE.get(r).grants.flatMap(expand).includes(p.id))))
  .map((p) => p.id);
const IN_SUBSET = new Set(SUBSET);

export const depthOfPerm = (p) => LEVELS.indexOf(PERM.get(p).level);

/**
 * Availability of a permission as `{ attr, values }` (the scope attribute must be one of
 * `values`), or null when it is available everywhere at its level.
 */
export function availability(p) {
  const w = PERM.get(p).when;
  if (!w) return null;
  if (w.attr && "eq" in w) return { attr: w.attr, values: [w.eq] };
  if (w.attr && Array.isArray(w.in)) return { attr: w.attr, values: w.in };
  throw new Error(`scenario: condition of '${p}' is outside what the peer encodings support`);
}

/** A role's own subset grants, and its inherited roles. */
export function roleGrants(r) {
  return [...new Set(ROLE.get(r).grants.flatMap(expand))].filter((p) => IN_SUBSET.has(p));
}
export const roleInherits = (r) => ROLE.get(r).inherits || [];

/** Every subset permission a role grants, itself or through inheritance. */
export function closure(r, seen = new Set()) {
  if (seen.has(r)) return [];
  seen.add(r);
  return [...new Set([...roleGrants(r), ...roleInherits(r).flatMap((i) => closure(i, seen))])];
}

/**
 * Roles that grant something in the subset. Their conditions must hold under the default
 * context (the benchmarked calls pass none): then the peers may treat them as unconditional.
 */
export const ROLES = MODEL.roles
  .map((r) => r.id)
  .filter((r) => closure(r).length > 0)
  .map((r) => {
    const role = ROLE.get(r);
    const level = MODEL.levels.find((l) => l.id === role.level);
    // A scoped level's `when` says which scopes may exist: every scope of the directory meets
    // it, so it never takes a role away there. An unscoped level's would.
    if (readsAttr(role.when) || (level.when && level.scoped === false)) throw new Error(`scenario: role '${r}' has a condition on scope attributes`);
    if (role.when && !holdsByDefault(role.when)) throw new Error(`scenario: role '${r}' does not exist under the default context`);
    return r;
  });
export const roleLevel = (r) => ROLE.get(r).level;
const COMPARED_ROLES = new Set(ROLES);

/** The scope attributes the subset's conditions read, derived as the model derives them. */
export function attributesOf(path) {
  const segs = path.split("/");
  const attrs = {};
  segs.forEach((seg, d) => {
    const level = MODEL.levels.find((l) => l.id === LEVELS[d]);
    for (const [name, a] of Object.entries(level.attributes || {})) {
      if (a.from === "segment") attrs[name] = seg;
      else if (a.value !== undefined || a.cases) {
        const hit = (a.cases || []).find((c) => c.when.attr && attrs[c.when.attr] === c.when.eq);
        attrs[name] = hit ? hit.value : a.value;
      }
    }
  });
  return attrs;
}

/** The directory indexed once for the adapters and the query generator. */
export class Directory {
  constructor(dir) {
    this.scopes = dir.scopes;
    this.users = [...new Set(Object.values(dir.members).flat())].sort();
    this.assignments = dir.assignments;
    this.info = new Map();
    for (const path of dir.scopes) {
      const segs = path.split("/");
      const ancestors = segs.map((_, i) => segs.slice(0, i + 1).join("/"));
      this.info.set(path, { path, depth: segs.length - 1, level: LEVELS[segs.length - 1], ancestors, attrs: attributesOf(path) });
    }
    this.byUser = new Map();
    this.byScope = new Map();
    for (const a of dir.assignments) {
      if (!this.byUser.has(a.user)) this.byUser.set(a.user, []);
      this.byUser.get(a.user).push(a);
      if (!this.byScope.has(a.scope)) this.byScope.set(a.scope, []);
      this.byScope.get(a.scope).push(a);
    }
  }

  /**
   * Users holding one of the compared roles on the scope's path: the only ones who can hold a
   * compared permission there (an application's own index of its role assignments).
   */
  candidates(scope) {
    const out = new Set();
    for (const a of this.info.get(scope).ancestors) for (const x of this.byScope.get(a) || []) if (COMPARED_ROLES.has(x.role)) out.add(x.user);
    return [...out].sort();
  }
}

/** Compared permissions askable at a scope of this depth, sorted by id. */
export const subsetAt = (depth) => SUBSET.filter((p) => depthOfPerm(p) === depth).sort();
const ASKABLE = LEVELS.map((_, d) => subsetAt(d));
/** Compared permissions askable at a scope (by its path), sorted by id. */
export function askable(s) {
  let depth = 0;
  for (let i = s.indexOf("/"); i >= 0; i = s.indexOf("/", i + 1)) depth++;
  return ASKABLE[depth];
}

/** mulberry32: a small deterministic generator for the query lists. */
export function rng(seed) {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/**
 * The benchmarked questions. Scopes are drawn uniformly; half the users from those assigned on
 * the scope's path (mostly allowed), half from everyone (mostly denied).
 */
export function queries(d, { checks = 4096, pairs = 1024, who = 256, seed = 7 } = {}) {
  const r = rng(seed);
  const pickScope = () => d.scopes[r(d.scopes.length)];
  const pickUser = (scope) => {
    const c = d.candidates(scope);
    return r(2) === 0 && c.length ? c[r(c.length)] : d.users[r(d.users.length)];
  };
  // For a user assigned on the path, half the time a permission one of those roles grants at
  // this level (allowed unless a condition rules it out), else any askable one.
  const pickPerm = (u, s) => {
    const info = d.info.get(s);
    const perms = subsetAt(info.depth);
    const held = (d.byUser.get(u) || [])
      .filter((a) => info.ancestors.includes(a.scope) && ROLES.includes(a.role))
      .flatMap((a) => closure(a.role))
      .filter((p) => depthOfPerm(p) === info.depth);
    return held.length && r(2) === 0 ? held[r(held.length)] : perms[r(perms.length)];
  };
  const check = { u: [], p: [], s: [] };
  while (check.u.length < checks) {
    const s = pickScope();
    const u = pickUser(s);
    check.s.push(s);
    check.u.push(u);
    check.p.push(pickPerm(u, s));
  }
  const pair = { u: [], s: [] };
  while (pair.u.length < pairs) {
    const s = pickScope();
    pair.s.push(s);
    pair.u.push(pickUser(s));
  }
  const whoq = { p: [], s: [] };
  while (whoq.p.length < who) {
    const s = pickScope();
    const perms = subsetAt(d.info.get(s).depth);
    whoq.s.push(s);
    whoq.p.push(perms[r(perms.length)]);
  }
  return { check, pair, who: whoq };
}
