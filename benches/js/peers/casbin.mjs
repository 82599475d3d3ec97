// Casbin (casbin, node-casbin), RBAC with domains (casbin.org/docs/rbac-with-domains): a role is
// held by a user in a domain, `g, <user>, <role>, <scope>`, and a policy line says what a role
// may do, `p, <role>, <permission>, <service or *>`, one line per permission the role grants
// itself or through the roles it inherits (Casbin's role-to-role links are per domain, and the
// model's inheritance crosses levels, so the closure is written out).
//
// Grants flow down the scope tree: the request names the scope's ancestors (root first, ""
// below its depth) and the matcher asks `g` in each of them. Casbin's built-in alternatives, a
// domain matching function or `addDomainHierarchy`, rebuild the role graph of every matching
// domain on each call (DefaultRoleManager.generateTempRoles walks all 506 domains), so this is
// the faster encoding. Availability conditions are the `svc` column (the scope's service).
// Calls use `enforceSync`.

import { newEnforcer, newModelFromString } from "casbin";
import { ROLES, availability, closure } from "../scenario.mjs";
import { ByCheck } from "./by-check.mjs";

export const name = "Casbin";
export const pkg = "casbin";

export const MODEL = `
[request_definition]
r = sub, d0, d1, d2, d3, svc, act

[policy_definition]
p = sub, act, svc

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.act == p.act && (p.svc == "*" || p.svc == r.svc) && (g(r.sub, p.sub, r.d0) || g(r.sub, p.sub, r.d1) || g(r.sub, p.sub, r.d2) || g(r.sub, p.sub, r.d3))
`;

export function policyLines() {
  const lines = [];
  for (const r of ROLES) {
    for (const p of closure(r)) {
      const av = availability(p);
      if (av) for (const v of av.values) lines.push([r, p, v]);
      else lines.push([r, p, "*"]);
    }
  }
  return lines;
}

export class Engine extends ByCheck {
  static async create(text) {
    const d = JSON.parse(text);
    const e = new Engine();
    const roles = new Set(ROLES);
    e.enforcer = await newEnforcer(newModelFromString(MODEL));
    await e.enforcer.addPolicies(policyLines());
    await e.enforcer.addGroupingPolicies(d.assignments.filter((a) => roles.has(a.role)).map((a) => [a.user, a.role, a.scope]));
    // The request's domain columns: a scope's ancestors, root first, "" below its depth.
    e.requests = new Map();
    for (const path of d.scopes) {
      const segs = path.split("/");
      const doms = [0, 1, 2, 3].map((i) => (i < segs.length ? segs.slice(0, i + 1).join("/") : ""));
      e.requests.set(path, { doms, svc: segs.length > 1 ? segs[1] : "" });
    }
    return e;
  }

  check(u, p, s) {
    const r = this.requests.get(s);
    return this.enforcer.enforceSync(u, r.doms[0], r.doms[1], r.doms[2], r.doms[3], r.svc, p);
  }
}
