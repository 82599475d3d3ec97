// Hand-written declarations for the npm package `rolecascade` (checked by `tsc --noEmit` against
// pkg-tests/types/consumer.ts, which calls every method).

/** A role model (levels, permissions, roles, ...), see the README's "Model format". */
export interface Model {
  levels: { id: string; parent?: string; [key: string]: unknown }[];
  permissions: { id: string; level: string; [key: string]: unknown }[];
  roles: { id: string; level: string; grants?: string[]; inherits?: string[]; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** Tenant data: the general form, or the model's nested form (`companies` for the default model). */
export type Directory =
  | {
      scopes?: string[];
      members?: Record<string, string[]>;
      assignments?: Assignment[];
    }
  | { assignments?: Assignment[]; [nestedKey: string]: unknown };

export interface Assignment {
  user: string;
  role: string;
  scope: string;
}

export type Context = {
  customerPortalVersion?: string;
  launchedFrom?: string;
  [key: string]: string | undefined;
};

export interface Grant {
  user: string;
  role: string;
  scope: string;
  /** From the role held to the role that grants the permission directly. */
  via: string[];
  /** Held as a group's default (a member with no role of that group). */
  default?: boolean;
}

export type Denial =
  | "unknown_scope"
  | "unknown_user"
  | "unavailable"
  | "no_grant"
  | "role_unavailable"
  | "prerequisite"
  | "not_allowed"
  | "self_assignment"
  | "not_a_member";

export interface Decision {
  allowed: boolean;
  grants: Grant[];
  reason: string;
  /** Why it was denied, for programs. */
  denial?: Denial;
}

export interface PermissionView {
  has(permission: string): boolean;
  list(): string[];
}

export interface RoleInfo {
  id: string;
  level: string;
  label: string;
  labels: { when: string; label: string }[];
  aliases: string[];
  description?: string;
  grants: string[];
  inherits: string[];
  group?: string;
  isDefault: boolean;
  assignRequires?: string;
  selfAssignable: boolean;
  when?: string;
}

export interface ModelInfo {
  name: string;
  levels: { id: string; label: string; parent: string | null; scoped: boolean; depth: number; attributes: string[] }[];
  permissions: {
    id: string;
    label: string;
    group?: string;
    /** A scoped level id, or "any". */
    level: string;
    portal: boolean;
    requires: string[];
    /** Where it is available, in words, when it has a condition. */
    when?: string;
  }[];
  /** `values`: what the model's conditions compare the key with; `version`: compared as a version. */
  context: { key: string; label: string; default: string | null; values: string[]; version: boolean }[];
}

export type Cell = "direct" | "inherited" | null;

export interface RoleMatrix {
  roles: string[];
  permissions: string[];
  /** `cells[i][j]`: role `roles[i]` and permission `permissions[j]`. */
  cells: Cell[][];
  /** For an inherited cell, the nearest inherited role that grants it. */
  from: (string | null)[][];
  get(role: string, permission: string): Cell;
}

export interface PortalScopes {
  portal: string;
  scopes: string[];
}

/** A grant path in a diff: a role held at a scope and the inheritance chain to the granting role. */
export interface DiffPath {
  role: string;
  scope: string;
  via: string[];
  default?: boolean;
}

/** `Engine.diff` over a directory: every answer that differs, sorted by user, permission, scope. */
export interface Diff {
  /** `via`: the grant paths that make the difference. */
  gained: { user: string; permission: string; scope: string; via: DiffPath[] }[];
  /** `was`: the grant paths that held it. */
  lost: { user: string; permission: string; scope: string; was: DiffPath[] }[];
  /** Every other answer (each user, each permission askable at each scope) that is the same. */
  unchanged: number;
  /** Assignments of the directory that one model cannot hold, left out of its side. */
  ignored: { user: string; role: string; scope: string; model: "before" | "after" }[];
}

/** `Engine.diff` without a directory: per role and level, conditions aside. */
export interface RoleDiff {
  gained: { role: string; level: string; permission: string; via: string[][] }[];
  lost: { role: string; level: string; permission: string; was: string[][] }[];
  unchanged: number;
  /** Conditions and prerequisites that differ (evaluated only over a directory). */
  conditions: { kind: "permission" | "prerequisites" | "role" | "level" | "context"; id: string; before: string | null; after: string | null }[];
}

/** A model for `Engine.diff`: a document, JSON text, compiled bytes, an engine's, or null for the default model. */
export type DiffModel = Model | string | Uint8Array | Engine | null;

/** Errors thrown by the engine: real `Error`s with a stable code. */
export interface RolecascadeError extends Error {
  code:
    | "invalid_json"
    | "invalid_model"
    | "invalid_directory"
    | "invalid_context"
    | "invalid_argument"
    | "unknown_role"
    | "unknown_permission"
    | "unknown_scope"
    | "unknown_user"
    | "level_mismatch"
    | "inheritance_cycle"
    | "not_a_member"
    | "not_allowed"
    | "limit_exceeded"
    | "not_initialized";
  /** For model and directory input: where the offending element is, e.g. `roles[3].inherits[0]`. */
  path?: string;
}

export class Engine {
  private constructor();
  /** The embedded default model. */
  static bizagi(directory?: Directory | string): Engine;
  static fromModel(model: Model | string, directory?: Directory | string): Engine;
  /** What changes between two models: over a directory, who gains and who loses what, where; without one, per role and level. */
  static diff(before: DiffModel, after: DiffModel, directory: Directory | string, context?: Context): Diff;
  static diff(before: DiffModel, after: DiffModel, directory?: null, context?: Context): RoleDiff;

  /** The model's name and its scoped levels, root first. */
  readonly modelName: string;
  readonly levels: string[];

  check(user: string, permission: string, scope: string, context?: Context): boolean;
  explain(user: string, permission: string, scope: string, context?: Context): Decision;
  permissions(user: string, scope: string, context?: Context): string[];
  view(user: string, scope: string, context?: Context): PermissionView;
  whoCan(permission: string, scope: string, context?: Context): string[];
  portals(user: string, context?: Context): PortalScopes[];
  /** Whether `actor` may assign (or revoke) `role` at `scope` for `target`, under `context`. */
  canAssign(actor: string, role: string, scope: string, target: string, context?: Context): Decision;

  /** Throws on an invalid assignment; with `actor`, also when `canAssign` refuses. */
  assign(user: string, role: string, scope: string, actor?: string): void;
  /** With `actor`, `canAssign` decides as for assigning. */
  revoke(user: string, role: string, scope: string, actor?: string): boolean;
  /** Creates a scope as `actor`, as the level's `create` rule says; `not_allowed` for a level without one (a company). */
  createScope(actor: string, scope: string): void;
  /** Removes a scope and everything below it, as `actor` (the level's `remove` rule). */
  removeScope(actor: string, scope: string): void;
  /** Adds a user to a scope's member list; with `actor`, the level's `addMember` rule decides. */
  addMember(scope: string, user: string, actor?: string): boolean;
  /** Takes a user off a scope's member list, and off every list and assignment below it. */
  removeMember(scope: string, user: string, actor?: string): boolean;
  /** Replaces the directory, all or nothing. */
  loadDirectory(directory: Directory | string): void;
  roleLabel(role: string, scope?: string): string;
  /** Stateless mode: the user's own assignments instead of the directory (edge workers). */
  checkAssignments(user: string, assignments: { role: string; scope: string }[], permission: string, scope: string, context?: Context): boolean;
  explainAssignments(user: string, assignments: { role: string; scope: string }[], permission: string, scope: string, context?: Context): Decision;
  roles(): RoleInfo[];
  /** The model's levels, permissions (labels, groups, portal flags) and context keys, for UIs. */
  describe(): ModelInfo;
  matrix(): RoleMatrix;
  exportDirectory(): Directory;
  free(): void;
}

/** Browsers: fetch and instantiate the wasm (a no-op in Node and workerd). */
export function init(input?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
export function initSync(input?: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): void;
export default init;
