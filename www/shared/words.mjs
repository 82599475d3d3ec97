// Decisions in people's words. Everything is composed from the engine's structured answers:
// `explain` (allowed, grants, denial), `canAssign`, `whoCan`, `check`, role and permission labels
// (`roles()`, `roleLabel`, `describe()`) and the matrix; never from the engine's `reason` text,
// which is for developers and shown only in the details view.
import { ancestorAt, depthOf, isWithin, lastSegment } from "./model.mjs";

const MAX_NAMES = 2;

/** "A", "A or B", "A, B or C": parts joined for a sentence. */
function either(items, word = "or") {
  const out = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(i === items.length - 1 ? ` ${word} ` : ", ");
    out.push(...(Array.isArray(item) ? item : [item]));
  });
  return out;
}

export class Words {
  /**
   * @param engine the engine
   * @param meta readModel(engine)
   * @param index the DirectoryIndex
   * @param context the request context (or undefined for the model's defaults)
   * @param viewer a user to call "you" (the portal demo), or undefined
   */
  constructor(engine, meta, index, context, viewer) {
    this.engine = engine;
    this.meta = meta;
    this.index = index;
    this.context = context;
    this.viewer = viewer;
    this.cache = new Map();
  }

  // ---- names -------------------------------------------------------------------------------

  person(user) {
    if (user === this.viewer) return { b: "you" };
    return { b: this.index.name(user) };
  }

  /** The sentence's subject: "Hiro" or "You". */
  subject(user) {
    if (user === this.viewer) return { b: "You" };
    return this.person(user);
  }

  scope(path) {
    return { em: lastSegment(path) };
  }

  scopeText(path) {
    return lastSegment(path);
  }

  permission(id) {
    return { b: this.meta.perm.get(id)?.label ?? id };
  }

  /** A role's label as it reads where it applies on `path` (the scope of its level there). */
  roleLabel(role, path) {
    const at = path ? ancestorAt(path, this.meta.roleDepth(role)) ?? path : undefined;
    try {
      return this.engine.roleLabel(role, at);
    } catch {
      try {
        return this.engine.roleLabel(role);
      } catch {
        return this.meta.role.get(role)?.label ?? role;
      }
    }
  }

  role(role, path) {
    return { b: this.roleLabel(role, path) };
  }

  /** A condition in words, context keys by their labels. */
  condition(when) {
    let text = when;
    for (const c of this.meta.context) text = text.replace(new RegExp(`\\b${c.key.replace(/[$()*+.?[\\\]^{|}]/g, "\\$&")}\\b`, "g"), c.label);
    // "(a = x) and (b = y)" reads "a = x and b = y"; parentheses that group an "or" stay.
    return text.replace(/\(([^()]*)\)/g, (all, inner) => (/ (and|or) /.test(inner) ? all : inner));
  }

  /** "(Customer Portal version is 2.0.0)" for the context keys a condition names. */
  contextNow(when) {
    const said = [];
    for (const c of this.meta.context) {
      if (!new RegExp(`\\b${c.key.replace(/[$()*+.?[\\\]^{|}]/g, "\\$&")}\\b`).test(when)) continue;
      const v = this.context?.[c.key] ?? c.default;
      said.push(v === undefined ? `${c.label} is not set` : `${c.label} is ${v}`);
    }
    return said.length ? ` (now: ${said.join(", ")})` : "";
  }

  // ---- permissions -------------------------------------------------------------------------

  /** How a grant gives the permission: "as Environment Owner on production". */
  grant(g, path) {
    const via = g.via?.length ? g.via : [g.role];
    const out = ["as ", this.role(g.role, g.scope), " on ", this.scope(g.scope)];
    const last = via[via.length - 1];
    if (via.length > 1 && last !== g.role) out.push(", which includes ", this.role(last, path));
    if (g.default) out.push(" (given by default)");
    return out;
  }

  /** The lowest roles that would give a permission at `path`, each at the scope it must be held. */
  needed(permission, path) {
    const depth = depthOf(path);
    // A role counts when it is held at or above `path` and so is the role it gets the permission
    // from (a role inherited onto a lower level gives it only down there).
    const j = this.meta.permIndex.get(permission);
    const granting = (this.meta.grantedBy.get(permission) ?? []).filter((r) => {
      const from = this.meta.matrix.from[this.meta.roleIndex.get(r)]?.[j] ?? r;
      return this.meta.roleDepth(r) <= depth && this.meta.roleDepth(from) <= depth;
    });
    const lowest = this.meta.lowest(permission, granting);
    return { roles: lowest.map((r) => ({ role: r, scope: ancestorAt(path, this.meta.roleDepth(r)) })), higher: granting.length > lowest.length };
  }

  /** "Environment Administrator or higher on production" for a list from `needed`. */
  neededParts({ roles, higher }) {
    const byScope = new Map();
    for (const x of roles) {
      if (!byScope.has(x.scope)) byScope.set(x.scope, []);
      byScope.get(x.scope).push(x.role);
    }
    const pieces = [...byScope].map(([scope, rs]) => {
      const shown = rs.slice(0, 4).map((r) => [this.role(r, scope)]);
      if (rs.length > 4) shown.push([`another of ${rs.length - 4} roles`]);
      const list = either(shown);
      if (higher && byScope.size === 1 && rs.length === 1) list.push(" or higher");
      return [...list, " on ", this.scope(scope)];
    });
    const out = either(pieces);
    if (higher && !(byScope.size === 1 && roles.length === 1)) out.push(" (or a role that includes it)");
    return out;
  }

  /**
   * Who may give `target` one of these roles: user ids, nearest first (the one whose own grant is
   * lowest in the tree), and why nobody can when nobody can.
   */
  grantors(roles, target) {
    const key = `${target}\n${roles.map((r) => `${r.role}@${r.scope}`).join(",")}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const found = new Map(); // user -> depth of their nearest grant
    let notMember = null;
    for (const { role, scope } of roles) {
      const need = this.meta.role.get(role)?.assignRequires;
      if (!need) continue;
      let candidates = [];
      try {
        candidates = this.engine.whoCan(need, scope, this.context);
      } catch {
        continue;
      }
      for (const c of candidates.slice(0, 200)) {
        if (found.has(c)) continue;
        let d;
        try {
          d = this.engine.canAssign(c, role, scope, target, this.context);
        } catch {
          continue;
        }
        if (d.allowed) found.set(c, Math.max(0, ...d.grants.map((g) => depthOf(g.scope))));
        else if (d.denial === "not_a_member") notMember ??= scope;
      }
    }
    const users = [...found].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([u]) => u);
    const out = { users, notMember };
    this.cache.set(key, out);
    return out;
  }

  /** "Farid or Diego can grant it." / "Hiro must first be a user of automation." */
  fixParts(roles, target, verb = "grant it") {
    if (!roles.length) return [];
    const { users, notMember } = this.grantors(roles, target);
    if (!users.length) {
      if (notMember) {
        const where = this.index.missingMembership(target, notMember) ?? notMember;
        return [this.subject(target), " must first be added as a user of ", this.scope(where), "."];
      }
      return ["Nobody in this directory can ", verb, "."];
    }
    const names = users.slice(0, MAX_NAMES).map((u) => [this.person(u)]);
    const rest = users.length - MAX_NAMES;
    if (rest > 0) names.push([rest === 1 ? "one other" : `${rest} others`]);
    const subj = either(names);
    if (subj[0]?.b === "you") subj[0] = { b: "You" };
    return [...subj, ` can ${verb}.`];
  }

  /**
   * An `explain` decision in words: `{ allowed, headline, lines, fix, text }` (parts, and all of
   * it as one plain sentence for tooltips and descriptions).
   */
  decision(user, permission, path, d = this.engine.explain(user, permission, path, this.context)) {
    const who = this.subject(user);
    const what = this.permission(permission);
    const p = this.meta.perm.get(permission);
    const lines = [];
    let fix = [];
    let headline;
    let suggestion = null; // a role that would change the answer: { role, scope }
    if (d.allowed) {
      headline = [who, " can use ", what, " here."];
      const grants = d.grants.slice(0, 3).map((g) => this.grant(g, path));
      lines.push(["It comes ", ...either(grants, "and"), d.grants.length > 3 ? ` (and ${d.grants.length - 3} more ways)` : "", "."]);
    } else {
      headline = [who, " can't use ", what, " here."];
      switch (d.denial) {
        case "unknown_user":
          headline = [who, " is not in this directory."];
          break;
        case "unknown_scope":
          headline = ["There is no such place in this directory."];
          break;
        case "unavailable": {
          lines.push(["It is available only where ", this.condition(p?.when ?? "its condition holds"), this.contextNow(p?.when ?? ""), "."]);
          break;
        }
        case "role_unavailable": {
          const off = this.switchedOff(user, path);
          if (off.length) {
            for (const { role, scope, via, when } of off.slice(0, 2)) {
              const held = this.role(role, scope);
              const line = [who, user === this.viewer ? " are " : " is ", held, " on ", this.scope(scope)];
              if (via !== role) line.push(", which includes ", this.role(via, path));
              line.push(", but ", via !== role ? "that role" : "it", " exists only where ", this.condition(when), this.contextNow(when), ".");
              lines.push(line);
            }
          } else lines.push(["A role on the way does not exist under these conditions."]);
          break;
        }
        case "prerequisite": {
          const how = d.grants.length ? ["It would come ", ...this.grant(d.grants[0], path), ", but it also needs "] : ["It also needs "];
          let said = false;
          for (const q of p?.requires ?? []) {
            const qp = this.meta.perm.get(q);
            const at = qp && qp.level !== "any" ? ancestorAt(path, this.meta.levelDepth.get(qp.level) ?? 0) ?? path : path;
            let has = true;
            try {
              has = this.engine.check(user, q, at, this.context);
            } catch {
              has = true;
            }
            if (has) continue;
            said = true;
            lines.push([...how, this.permission(q), " on ", this.scope(at), ", which ", this.person(user), user === this.viewer ? " don't have." : " doesn't have."]);
            const need = this.needed(q, at);
            if (need.roles.length) {
              lines.push([this.permission(q), " comes with ", ...this.neededParts(need), "."]);
              fix = this.fixParts(need.roles, user);
              suggestion = need.roles[0];
            }
            break;
          }
          if (!said) lines.push([...how.slice(0, -1), ", but it also needs another permission here."]);
          break;
        }
        default: {
          // no_grant, and anything newer: what would give it, and who can.
          const need = this.needed(permission, path);
          if (need.roles.length) {
            lines.push(["It needs ", ...this.neededParts(need), "."]);
            fix = this.fixParts(need.roles, user);
            suggestion = need.roles[0];
          } else {
            // Held only further down (a portal of a lower level, say): where it lives.
            const below = this.meta.lowest(permission);
            if (below.length) {
              const level = this.meta.levelLabel(this.meta.role.get(below[0])?.level).toLowerCase();
              lines.push(["Nothing gives it on ", this.scope(path), " itself: it comes with ", ...either(below.slice(0, 4).map((r) => [this.role(r)])), " on each ", level, " below."]);
            } else lines.push(["No role of this model gives it."]);
            break;
          }
          const held = this.index.onPath(user, path);
          if (held.length) {
            const list = held.slice(0, 3).map((a) => [this.role(a.role, a.scope), " on ", this.scope(a.scope)]);
            lines.push([who, user === this.viewer ? " hold " : " holds ", ...either(list, "and"), held.length > 3 ? ` and ${held.length - 3} more` : "", ", which ", held.length > 1 ? "don't" : "doesn't", " include it."]);
          }
        }
      }
    }
    const text = [headline, ...lines, fix].filter((x) => x.length).map(toPlain).join(" ");
    return { allowed: d.allowed, headline, lines, fix, text, decision: d, suggestion };
  }

  /** Roles the user holds on the path that a condition switches off here (the role or one it includes). */
  switchedOff(user, path) {
    const out = [];
    for (const a of this.index.onPath(user, path)) {
      for (const r of [a.role, ...(this.meta.closure.get(a.role) ?? [])]) {
        const when = this.meta.role.get(r)?.when;
        if (!when) continue;
        if (!this.roleActive(user, r, a, path)) out.push({ role: a.role, scope: a.scope, via: r, when });
      }
    }
    return out;
  }

  /**
   * Whether an assignment's role (or `r`, a role it includes) is in force at `path` under the
   * context: asked of `explain` with a permission `r` grants directly, whose grants must include
   * this assignment. Undecidable cases count as in force.
   */
  roleActive(user, r, a, path) {
    const role = this.meta.role.get(r);
    const j = this.meta.roleIndex.get(r);
    const rd = this.meta.roleDepth(r);
    const depth = depthOf(path);
    for (const pid of role?.grants ?? []) {
      const p = this.meta.perm.get(pid);
      if (!p || this.meta.matrix.cells[j]?.[this.meta.permIndex.get(pid)] !== "direct") continue;
      const pd = p.level === "any" ? depth : this.meta.levelDepth.get(p.level);
      if (pd === undefined || pd > depth || rd > pd) continue;
      const at = ancestorAt(path, pd);
      if (!at || !isWithin(at, a.scope)) continue;
      let d;
      try {
        d = this.engine.explain(user, pid, at, this.context);
      } catch {
        continue;
      }
      if (d.grants.some((g) => g.role === a.role && g.scope === a.scope)) return true;
      if (d.allowed || d.denial === "role_unavailable" || d.denial === "no_grant") return false;
    }
    return true;
  }

  /** The condition that switches a held role off at `path` under the context, or null. */
  assignmentOff(a, path = a.scope) {
    const when = this.meta.role.get(a.role)?.when;
    if (!when) return null;
    return this.roleActive(a.user, a.role, a, path) ? null : when;
  }

  // ---- assigning ---------------------------------------------------------------------------

  /**
   * A `canAssign` decision in words, for giving (`"give"`) or removing (`"remove"`) a role:
   * `{ allowed, headline, lines, fix, text }`.
   */
  assignment(actor, role, path, target, kind, d) {
    const who = this.subject(actor);
    const r = this.role(role, path);
    const verb = kind === "remove" ? "remove" : "give";
    const toFrom = kind === "remove" ? " from " : " to ";
    const lines = [];
    let fix = [];
    let headline;
    const self = actor === target;
    const whom = self ? { b: actor === this.viewer ? "yourself" : "themselves" } : this.person(target);
    if (d.allowed) {
      headline = [who, ` can ${verb} `, r, toFrom, whom, " here."];
      if (d.grants[0]) lines.push(["Allowed ", ...this.grant(d.grants[0], path), "."]);
    } else {
      headline = [who, ` can't ${verb} `, r, toFrom, whom, " here."];
      const need = this.meta.role.get(role)?.assignRequires;
      switch (d.denial) {
        case "self_assignment":
          lines.push(["Nobody can make themselves ", r, " (or take it from themselves)."]);
          fix = this.othersFix(role, path, target, actor, verb);
          break;
        case "not_a_member": {
          const where = this.index.missingMembership(target, path) ?? path;
          headline = [this.subject(target), " can't hold ", r, " here."];
          lines.push([this.subject(target), target === this.viewer ? " are" : " is", " not a user of ", this.scope(where), ": add ", target === this.viewer ? "yourself" : "them", " there first."]);
          break;
        }
        case "unknown_user":
          headline = ["Choose an acting user from this directory."];
          break;
        case "role_unavailable":
          lines.push([r, " does not exist here under these conditions", this.meta.role.get(role)?.when ? [": only where ", this.condition(this.meta.role.get(role).when), this.contextNow(this.meta.role.get(role).when)] : "", "."].flat());
          break;
        default:
          if (need) {
            lines.push(["That takes ", this.permission(need), " on ", this.scope(path), ", which ", this.person(actor), actor === this.viewer ? " don't have." : " doesn't have."]);
            fix = this.othersFix(role, path, target, actor, verb);
          } else lines.push(["The model names no permission that allows it, so nobody can."]);
      }
    }
    const text = [headline, ...lines, fix].filter((x) => x.length).map(toPlain).join(" ");
    return { allowed: d.allowed, headline, lines, fix, text, decision: d };
  }

  othersFix(role, path, target, actor, verb) {
    const { users } = this.grantors([{ role, scope: path }], target);
    const others = users.filter((u) => u !== actor);
    if (!others.length) return ["Nobody else in this directory can."];
    const names = others.slice(0, MAX_NAMES).map((u) => [this.person(u)]);
    const rest = others.length - MAX_NAMES;
    if (rest > 0) names.push([rest === 1 ? "one other" : `${rest} others`]);
    return [...either(names), ` can ${verb} it.`];
  }
}

export function toPlain(parts) {
  return parts.map((p) => (typeof p === "string" ? p : p.b ?? p.em ?? p.text ?? "")).join("");
}
