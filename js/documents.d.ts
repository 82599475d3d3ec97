// Generated from the Rust document types (crates/authoring/src/doc.rs) by
// crates/authoring/src/schema.rs: do not edit; run `UPDATE_GENERATED=1 cargo test --test generated`.

/** A role model. */
export interface Model {
  "$schema"?: string | null;
  /** Request context keys the conditions may read, with their defaults. */
  context?: { [key: string]: ContextKey };
  description?: string | null;
  groups?: Group[];
  /** The levels of the hierarchy: one root, scoped levels forming one chain (a scope's path
   * depth tells its level), unscoped levels hanging off a scoped one. */
  levels: Level[];
  name?: string | null;
  permissions: Permission[];
  roles: Role[];
}

export interface AttrCase {
  value: string;
  when: Cond;
}

export interface Attr {
  /** Values chosen by conditions on the attributes of the scope's ancestors. */
  cases?: AttrCase[];
  /** `"segment"`: the value is the scope's own path segment. */
  from?: string | null;
  /** A fixed value (or the default when no case matches). */
  value?: string | null;
  /** With `from: "segment"`: the only segments allowed at this level. */
  values?: string[] | null;
}

/** A condition: one test (`{"attr": name, OP: value}` or `{"context": key, OP: value}`) or a
 * combination (`all`, `any`, `not`). A missing value fails every test but `ne`, `notIn` and
 * `present: false`; a value that is not a version fails version tests. */
export interface Cond {
  all?: Cond[] | null;
  any?: Cond[] | null;
  /** A scope attribute (declared by some level). */
  attr?: string | null;
  /** A request context key (declared in the model's `context`). */
  context?: string | null;
  eq?: string | null;
  in?: string[] | null;
  ne?: string | null;
  not?: Cond | null;
  notIn?: string[] | null;
  present?: boolean | null;
  versionGt?: string | null;
  /** Dotted numeric versions: `2.0.10 > 2.0.9`. */
  versionGte?: string | null;
  versionLt?: string | null;
  versionLte?: string | null;
}

export interface ContextKey {
  default?: string | null;
  label?: string | null;
}

/** The rule for creating scopes of a level. */
export interface Create {
  /** Whether the creator joins the new scope's member list. */
  creatorJoins?: boolean;
  /** The role the creator then holds at the new scope (joining the member lists it needs). */
  creatorRole?: string | null;
  /** The permission the acting user needs, at the scope of its level above the new scope. */
  requires: string;
}

/** An action gated by one permission, held at the scope of that permission's level on the path
 * of the scope acted on (the scope itself for a level-free permission). */
export interface Gate {
  requires: string;
}

export interface Group {
  /** The role a member of the scope holds when assigned none of the group. */
  default?: string | null;
  id: string;
  label?: string | null;
  /** Mutually exclusive roles of one level: a user holds at most one of them per scope;
   * assigning one replaces the other. */
  roles: string[];
}

export interface Label {
  label: string;
  when: Cond;
}

export interface Level {
  /** What adding a user to a member list of this level needs, with an acting user. */
  addMember?: RuleGate;
  /** Attributes of a scope of this level, derived from its path. */
  attributes?: { [key: string]: Attr };
  /** How an acting user creates a scope of this level (`createScope`). `false` (the default):
   * nobody can; the root must be `false`. */
  create?: RuleCreate;
  id: string;
  label?: string | null;
  /** The level (this one or a scoped one above) whose scope on the assignment's path a user
   * must be on the member list of to hold a role of this level; when it is a level above,
   * this level's member lists stay inside that scope's. Absent: not enforced. */
  membership?: string | null;
  /** The key and field names of this level in a directory's nested form. */
  nested?: Nested | null;
  /** Exactly one level has none: the root. */
  parent?: string | null;
  /** What removing a scope of this level, and everything below it, needs (`removeScope`). */
  remove?: RuleGate;
  /** What taking a user off a member list of this level (and every list and assignment below
   * it) needs, with an acting user. */
  removeMember?: RuleGate;
  /** `false` for a level that has no scopes of its own: its roles are assigned at a scope of
   * its parent level (developer profiles, assigned at a studio subscription). */
  scoped?: boolean;
  /** Where the level exists (a condition on scope attributes). For a level without scopes of
   * its own (developer profiles), its roles hold and may be assigned only there; for a
   * scoped level, a scope whose attributes (its ancestors' included) fail it is refused. */
  when?: Cond | null;
}

export interface Nested {
  /** The field of an item holding its segment id (default `"id"`); an item may also be a
   * plain string, the id itself. */
  id?: string | null;
  /** The array key holding scopes of this level (`"companies"`). */
  key: string;
  /** The field of an item holding its members (`"users"`). */
  members?: string | null;
}

export interface Permission {
  description?: string | null;
  /** A display group (`"portals"`, `"environment modules"`): for UIs only. */
  group?: string | null;
  /** No `/` or `*`. */
  id: string;
  label?: string | null;
  /** A scoped level id, or `"any"` for a permission askable at every level. */
  level: string;
  /** Whether `portals()` lists it. */
  portal?: boolean;
  /** Prerequisites: permissions the user must also hold (at the scope of their level on the
   * path of the scope asked about). Acyclic. */
  requires?: string[];
  /** Availability: the permission exists only where and when this holds. */
  when?: Cond | null;
}

export interface Role {
  /** Other names people use for the role. */
  aliases?: string[];
  /** The permission an actor needs at the target scope to assign or revoke this role. */
  assignRequires?: string | null;
  description?: string | null;
  /** Permission ids, or `prefix.*` for every permission whose id starts with `prefix.`. */
  grants?: string[];
  id: string;
  /** Roles held wherever this one is held, at this scope and (for roles of lower levels) at
   * every scope of their level below it. Acyclic. */
  inherits?: string[];
  label?: string | null;
  /** Labels chosen by conditions on the scope's attributes (`Model Owner` under modeler). */
  labels?: Label[];
  level: string;
  /** `false`: nobody may assign this role to themselves. */
  selfAssignable?: boolean;
  /** The role exists only when this holds (evaluated at the scope where it is held). */
  when?: Cond | null;
}

export type RuleCreate = false | Create;

export type RuleGate = false | Gate;

/** A directory in the general form: every scope by its path, the users on each scope's member
 * list, and role assignments. */
export interface Directory {
  assignments?: Assignment[];
  /** The users on each scope's member list, by the scope's path. */
  members?: { [key: string]: string[] };
  /** Scope paths (`acme`, `acme/automation`): segments joined by `/`, a scope's depth naming
   * its level; a scope's parent is listed before it. */
  scopes?: string[];
}

/** A role held by a user at a scope. */
export interface Assignment {
  role: string;
  /** The scope's path. */
  scope: string;
  user: string;
}

/** One change of a batch (`apply`), as the package and the Rust API take it: `op` names the
 * call, the other fields are its arguments. */
export type Change = {
  op: "assign";
  role: string;
  scope: string;
  user: string;
} | {
  op: "revoke";
  role: string;
  scope: string;
  user: string;
} | {
  op: "addMember";
  scope: string;
  user: string;
} | {
  op: "removeMember";
  scope: string;
  user: string;
} | {
  op: "createScope";
  path: string;
} | {
  op: "removeScope";
  path: string;
};

