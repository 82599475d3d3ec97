// CASL (@casl/ability), as its documentation recommends: one `MongoAbility` per user, built from
// that user's rules with `AbilityBuilder` (casl.js.org/v6/en/guide/define-rules), cached per user
// and built on first use. Subjects are the scopes, typed by level (`subject("Project", {...})`),
// each carrying the paths of its ancestors by level name and its `service`:
//
// - a role held at a scope becomes, for every permission it grants (its own and those of the
//   roles it inherits), `can(permission, <Level of the permission>, { <level of the scope>: scope })`:
//   subscription-owner at `c0/automation` gives `can("project.read", "Project",
//   { subscription: "c0/automation" })`;
// - availability conditions are inverted rules after them:
//   `cannot("mc.security", "Environment", { service: { $nin: ["automation"] } })`.

import { AbilityBuilder, createMongoAbility, subject } from "@casl/ability";
import { LEVELS, SUBSET, ROLES, availability, closure, depthOfPerm } from "../scenario.mjs";
import { ByCheck } from "./by-check.mjs";

export const name = "CASL";
export const pkg = "@casl/ability";

const TYPE = LEVELS.map((l) => l[0].toUpperCase() + l.slice(1));

export class Engine extends ByCheck {
  constructor(text) {
    super();
    const d = typeof text === "string" ? JSON.parse(text) : text; // text, or the parsed object
    const roles = new Set(ROLES);
    this.assignments = new Map();
    for (const a of d.assignments) {
      if (!roles.has(a.role)) continue; // developer profiles: nothing in the compared subset
      if (!this.assignments.has(a.user)) this.assignments.set(a.user, []);
      this.assignments.get(a.user).push(a);
    }
    this.closures = new Map(ROLES.map((r) => [r, closure(r)]));
    this.subjects = new Map();
    for (const path of d.scopes) {
      const segs = path.split("/");
      const fields = {};
      segs.forEach((_, i) => {
        fields[LEVELS[i]] = segs.slice(0, i + 1).join("/");
      });
      if (segs.length > 1) fields.service = segs[1];
      this.subjects.set(path, subject(TYPE[segs.length - 1], fields));
    }
    this.abilities = new Map();
  }

  ability(u) {
    let a = this.abilities.get(u);
    if (a === undefined) {
      const { can, cannot, build } = new AbilityBuilder(createMongoAbility);
      for (const { role, scope } of this.assignments.get(u) || []) {
        const level = LEVELS[scope.split("/").length - 1];
        for (const p of this.closures.get(role)) can(p, TYPE[depthOfPerm(p)], { [level]: scope });
      }
      for (const p of SUBSET) {
        const av = availability(p);
        if (av) cannot(p, TYPE[depthOfPerm(p)], { [av.attr]: { $nin: av.values } });
      }
      a = build();
      this.abilities.set(u, a);
    }
    return a;
  }

  check(u, p, s) {
    return this.ability(u).can(p, this.subjects.get(s));
  }
}
