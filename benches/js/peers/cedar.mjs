// Cedar (@cedar-policy/cedar-wasm), with roles held on a part of a resource tree. Cedar's
// documentation gives three ways to say "this user holds this role on that scope"
// (docs.cedarpolicy.com/bestpractices/bp-relationship-representation.html and
// bp-implementing-roles-groups.html): a principal group per scope and role with one policy each,
// a template-linked policy per assignment, or attributes that name the relationship. The first
// two grow the policy set with the directory (2,653 policies for the benchmark's directory;
// Cedar evaluates every policy on every call, measured at milliseconds per check: see the
// "groups" variant below), so the compared encoding is the third:
//
// - scopes are entities of four types (Company, Subscription, Project, Environment), each the
//   child of its parent scope, with the `service` attribute and a reference to every ancestor
//   (`resource.subscription`);
// - a role held at a scope is a principal group `Role::"<scope>#<role>"`, named by an attribute
//   of that scope (`subscription_owner`), and the user is a member of the group;
// - one static policy per role and resource type:
//   `permit (principal, action in Action::"role:subscription-owner", resource is Project)
//    when { principal in resource.subscription.subscription_owner };`
// - permissions are actions, each a member of the action group of every role that grants it, and
//   role inheritance is action-group nesting (`Action::"role:project-owner"` is in
//   `Action::"role:subscription-owner"`), declared in the schema;
// - availability conditions are `forbid ... unless { ["automation"].contains(resource.service) }`.
//
// Calls are stateful: schema and policy set are preparsed once (`preparseSchema`,
// `preparsePolicySet`), and each call passes only the entities it needs (the principal with its
// groups, the resource with its ancestors), as Cedar's docs advise.

import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { LEVELS, ROLES, SUBSET, availability, closure, depthOfPerm, roleGrants, roleInherits, roleLevel } from "../scenario.mjs";
import { ByCheck } from "./by-check.mjs";

const TYPE = ["Company", "Subscription", "Project", "Environment"];
if (LEVELS.length !== TYPE.length) throw new Error("cedar: the encoding expects four scoped levels");

export const name = "Cedar";
export const pkg = "@cedar-policy/cedar-wasm";
export const version = cedar.getCedarVersion();

const q = (s) => JSON.stringify(s);
const attrOf = (role) => role.replace(/-/g, "_");
const depthOfRole = (r) => LEVELS.indexOf(roleLevel(r));

function schema(encoding) {
  const entityTypes = { User: { memberOfTypes: ["Role"] }, Role: {} };
  TYPE.forEach((t, d) => {
    const attributes = {};
    if (d > 0) attributes.service = { type: "String" };
    if (encoding === "attributes") {
      for (let a = 0; a < d; a++) attributes[LEVELS[a]] = { type: "Entity", name: TYPE[a] };
      for (const r of ROLES) if (depthOfRole(r) === d) attributes[attrOf(r)] = { type: "Entity", name: "Role" };
    }
    entityTypes[t] = { memberOfTypes: d > 0 ? [TYPE[d - 1]] : [], shape: { type: "Record", attributes } };
  });
  const actions = {};
  for (const r of ROLES) {
    actions[`role:${r}`] = { memberOf: ROLES.filter((x) => roleInherits(x).includes(r)).map((x) => ({ id: `role:${x}` })) };
  }
  for (const p of SUBSET) {
    actions[p] = {
      memberOf: ROLES.filter((r) => roleGrants(r).includes(p)).map((r) => ({ id: `role:${r}` })),
      appliesTo: { principalTypes: ["User"], resourceTypes: [TYPE[depthOfPerm(p)]] },
    };
  }
  return { "": { entityTypes, actions } };
}

function forbids() {
  const out = new Map();
  for (const p of SUBSET) {
    const av = availability(p);
    if (!av) continue;
    const key = q(av);
    if (!out.has(key)) out.set(key, { av, actions: [] });
    out.get(key).actions.push(p);
  }
  return [...out.values()].map(
    ({ av, actions }) => `forbid (principal, action in [${actions.map((p) => `Action::${q(p)}`).join(", ")}], resource) unless { ${q(av.values)}.contains(resource.${av.attr}) };`,
  );
}

let instances = 0;

export class Engine extends ByCheck {
  /**
   * From the directory's JSON text: everything needed before the first question.
   * `encoding`: "attributes" (the compared one) or "groups" (a policy per scope and role).
   */
  constructor(text, { encoding = "attributes" } = {}) {
    super();
    const d = JSON.parse(text);
    const roles = new Set(ROLES);
    this.id = `rolecascade-bench-${process.pid}-${instances++}`;
    const policies = [];
    const userGroups = new Map();
    const seen = new Set();
    for (const a of d.assignments) {
      if (!roles.has(a.role)) continue; // developer profiles: nothing in the compared subset
      const g = `${a.scope}#${a.role}`;
      if (!userGroups.has(a.user)) userGroups.set(a.user, []);
      userGroups.get(a.user).push({ type: "Role", id: g });
      if (encoding === "groups" && !seen.has(g)) {
        seen.add(g);
        const depth = a.scope.split("/").length - 1;
        policies.push(`permit (principal in Role::${q(g)}, action in Action::${q(`role:${a.role}`)}, resource in ${TYPE[depth]}::${q(a.scope)});`);
      }
    }
    if (encoding === "attributes") {
      for (const r of ROLES) {
        const dr = depthOfRole(r);
        const depths = new Set(closure(r).map(depthOfPerm));
        for (const dt of [...depths].sort()) {
          const holder = dt === dr ? "resource" : `resource.${LEVELS[dr]}`;
          policies.push(`permit (principal, action in Action::${q(`role:${r}`)}, resource is ${TYPE[dt]}) when { principal in ${holder}.${attrOf(r)} };`);
        }
      }
    }
    policies.push(...forbids());
    this.policyCount = policies.length;
    this.schema = schema(encoding);
    this.policies = policies.join("\n");
    const s = cedar.preparseSchema(this.id, this.schema);
    if (s.type !== "success") throw new Error(`cedar schema: ${JSON.stringify(s.errors)}`);
    const ps = cedar.preparsePolicySet(this.id, { staticPolicies: this.policies });
    if (ps.type !== "success") throw new Error(`cedar policies: ${JSON.stringify(ps.errors)}`);
    // Entity slices: the principal with its groups, and each scope with its ancestors.
    this.users = new Map();
    for (const [u, gs] of userGroups) this.users.set(u, { uid: { type: "User", id: u }, attrs: {}, parents: gs });
    this.scopes = new Map();
    for (const path of d.scopes) {
      const segs = path.split("/");
      const depth = segs.length - 1;
      const parent = depth > 0 ? this.scopes.get(segs.slice(0, -1).join("/")) : null;
      const attrs = {};
      if (depth > 0) attrs.service = segs[1];
      if (encoding === "attributes") {
        for (let a = 0; a < depth; a++) attrs[LEVELS[a]] = { __entity: { type: TYPE[a], id: segs.slice(0, a + 1).join("/") } };
        for (const r of ROLES) if (depthOfRole(r) === depth) attrs[attrOf(r)] = { __entity: { type: "Role", id: `${path}#${r}` } };
      }
      const entity = { uid: { type: TYPE[depth], id: path }, attrs, parents: parent ? [parent.entity.uid] : [] };
      this.scopes.set(path, { entity, uid: entity.uid, chain: parent ? [...parent.chain, entity] : [entity] });
    }
  }

  /** Cedar's validator on the policies against the schema: the errors, if any. */
  validate() {
    const v = cedar.validate({ schema: this.schema, policies: { staticPolicies: this.policies } });
    if (v.type !== "success") return v.errors.map((e) => e.message);
    return v.validationErrors.map((e) => `${e.policyId}: ${e.error.message}`);
  }

  check(u, p, s) {
    const scope = this.scopes.get(s);
    const user = this.users.get(u) || { uid: { type: "User", id: u }, attrs: {}, parents: [] };
    const answer = cedar.statefulIsAuthorized({
      principal: user.uid,
      action: { type: "Action", id: p },
      resource: scope.uid,
      context: {},
      preparsedPolicySetId: this.id,
      preparsedSchemaName: this.id,
      validateRequest: false,
      entities: [user, ...scope.chain],
    });
    if (answer.type !== "success") throw new Error(`cedar: ${JSON.stringify(answer.errors)}`);
    return answer.response.decision === "allow";
  }
}
