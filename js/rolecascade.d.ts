// Hand-written declarations for the npm package `rolecascade`; the package build copies them as
// rolecascade.d.ts (import) and rolecascade.d.cts (require), and writes the default model's ids
// beside them (models/bizagi.d.ts, by `rolecascade types`). Checked by `tsc --noEmit -p
// pkg-tests/types`: consumer.ts calls every method, errors.ts holds the calls that must not
// compile.

import type { Model, Directory as GeneralDirectory, Change, Assignment } from "./documents.js";

import type { Ids as BizagiIds } from "./models/bizagi.js";

export type { BizagiIds };

/**
 * A model's ids as types: what `rolecascade types model.json` writes (its `Ids`). An engine typed
 * by them, `Engine<Ids>`, refuses at compile time an id its model does not have; the default,
 * plain `string`s, takes any.
 */
export interface ModelIds {
  permission: string;
  role: string;
  level: string;
  /** The request context keys the model's conditions read. */
  context: string;
}

/** A role model (levels, permissions, roles, ...), its types generated from the engine's own (`documents.d.ts`); see the README's "The model format" and models/model.schema.json. */
export type { Model, GeneralDirectory, Change };

/** Tenant data: the general form, or the model's nested form (`companies` for the default model). */
export type Directory = GeneralDirectory | { assignments?: Assignment[]; [nestedKey: string]: unknown };

export type { Assignment };

/** The request context: a value per context key (others are ignored; a missing key takes the model's default). */
export type Context<Key extends string = string> = { [K in Key]?: string | null };

export interface Grant<M extends ModelIds = ModelIds> {
  user: string;
  role: M["role"];
  scope: string;
  /** From the role held to the role that grants the permission directly. */
  via: M["role"][];
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

export interface Decision<M extends ModelIds = ModelIds> {
  allowed: boolean;
  grants: Grant<M>[];
  reason: string;
  /** Why it was denied, for programs. */
  denial?: Denial;
}

/** A snapshot of what a user holds at a scope (`engine.view()`), answered in JavaScript alone. */
export class PermissionView<Permission extends string = string> {
  private constructor();
  /** Throws `unknown_permission` for an id the model lacks, `level_mismatch` for another level's permission. */
  has(permission: Permission): boolean;
  /** The permissions held, sorted by id. */
  list(): Permission[];
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

export interface PortalScopes<Permission extends string = string> {
  portal: Permission;
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

export type ErrorCode =
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

/**
 * What the package throws: an `Error` with a stable `code` and, for model and directory input,
 * the `path` of the offending element. `e instanceof RolecascadeError` holds for every error the
 * engine throws, whichever of its files (or its ES module and CommonJS copies) threw it.
 */
export class RolecascadeError extends Error {
  constructor(code: ErrorCode, message: string, path?: string);
  readonly code: ErrorCode;
  /** For model and directory input: where the offending element is, e.g. `roles[3].inherits[0]`. */
  readonly path?: string;
}

/**
 * An engine: a model and a directory. `M` types the model's ids (`Engine.bizagi()` is typed by the
 * default model's); `Engine` alone takes any string.
 */
export class Engine<M extends ModelIds = ModelIds> {
  private constructor();
  /** The embedded default model, typed by its ids. */
  static bizagi(directory?: Directory | string): Engine<BizagiIds>;
  /** A model of your own (compiled by the authoring module); `Engine.fromModel<Ids>(model)` with the ids `rolecascade types` wrote. */
  static fromModel<M extends ModelIds = ModelIds>(model: Model | string, directory?: Directory | string): Engine<M>;
  /** A model compiled ahead of time (`rolecascade compile model.json -o model.rcm`), with a directory or a snapshot's. */
  static fromCompiled<M extends ModelIds = ModelIds>(compiled: Uint8Array | ArrayBuffer, directory?: Directory | string | Uint8Array | ArrayBuffer): Engine<M>;
  /** An engine from `exportSnapshot()`: the same model and directory, the same answers. */
  static fromSnapshot<M extends ModelIds = ModelIds>(snapshot: Uint8Array | ArrayBuffer): Engine<M>;
  /** What changes between two models: over a directory, who gains and who loses what, where; without one, per role and level. */
  static diff(before: DiffModel, after: DiffModel, directory: Directory | string, context?: Context): Diff;
  static diff(before: DiffModel, after: DiffModel, directory?: null, context?: Context): RoleDiff;

  /** The model's name and its scoped levels, root first. */
  readonly modelName: string;
  readonly levels: M["level"][];
  /** Increments on every change to the directory. */
  readonly version: number;
  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: () => void): () => void;

  check(user: string, permission: M["permission"], scope: string, context?: Context<M["context"]>): boolean;
  explain(user: string, permission: M["permission"], scope: string, context?: Context<M["context"]>): Decision<M>;
  permissions(user: string, scope: string, context?: Context<M["context"]>): M["permission"][];
  view(user: string, scope: string, context?: Context<M["context"]>): PermissionView<M["permission"]>;
  whoCan(permission: M["permission"], scope: string, context?: Context<M["context"]>): string[];
  portals(user: string, context?: Context<M["context"]>): PortalScopes<M["permission"]>[];
  /** Whether `actor` may assign (or revoke) `role` at `scope` for `target`, under `context`. */
  canAssign(actor: string, role: M["role"], scope: string, target: string, context?: Context<M["context"]>): Decision<M>;

  /** Throws on an invalid assignment; with `actor`, also when `canAssign` refuses. */
  assign(user: string, role: M["role"], scope: string, actor?: string): void;
  /** With `actor`, `canAssign` decides as for assigning (but the user need be on no list: `false` when there is nothing to revoke). */
  revoke(user: string, role: M["role"], scope: string, actor?: string): boolean;
  /** Creates a scope as `actor`, as the level's `create` rule says; `not_allowed` for a level without one (a company); `not_a_member` when the creator is not on the list above the one their new role needs. */
  createScope(actor: string, scope: string): void;
  /** Removes a scope and everything below it, as `actor` (the level's `remove` rule). */
  removeScope(actor: string, scope: string): void;
  /** Adds a user to a scope's member list; with `actor`, the level's `addMember` rule decides. */
  addMember(scope: string, user: string, actor?: string): boolean;
  /** Takes a user off a scope's member list, and off every list and assignment below it; with `actor`, the level's `removeMember` rule decides and the actor must be allowed to revoke each of those assignments. */
  removeMember(scope: string, user: string, actor?: string): boolean;
  /**
   * Applies a batch of changes in order, all or none (on a refusal nothing has changed; the
   * error's path is `[i]`, the refused change). With `actor`, each is gated as the single call
   * is; without one the caller is the trusted back office (scopes created and removed without
   * a gate, nobody given a role). Returns the changes that changed something.
   */
  apply(changes: Change[], actor?: string): Change[];
  /** Replaces the directory, all or nothing (a snapshot's bytes too). */
  loadDirectory(directory: Directory | string | Uint8Array | ArrayBuffer): void;
  roleLabel(role: M["role"], scope?: string): string;
  /** Stateless mode: the user's own assignments instead of the directory (edge workers). */
  checkAssignments(user: string, assignments: { role: M["role"]; scope: string }[], permission: M["permission"], scope: string, context?: Context<M["context"]>): boolean;
  explainAssignments(user: string, assignments: { role: M["role"]; scope: string }[], permission: M["permission"], scope: string, context?: Context<M["context"]>): Decision<M>;
  roles(): RoleInfo[];
  /** The model's levels, permissions (labels, groups, portal flags) and context keys, for UIs. */
  describe(): ModelInfo;
  matrix(): RoleMatrix;
  exportDirectory(): Directory;
  /** The model and the directory as bytes, for `Engine.fromSnapshot` (edge storage, large directories). */
  exportSnapshot(): Uint8Array;
  /** Releases the wasm memory now rather than when the engine is garbage collected. */
  free(): void;
}

/** What `init` takes: the runtime wasm's URL (or path, in Node), a Response, its bytes or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Browsers: fetches and instantiates the runtime wasm (`input` overrides where from). Node and
 * Deno read it beside the package the first time an engine is made, unless `init`/`initSync`
 * got it first; `rolecascade/inline` carries it.
 */
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;
export function initSync(input?: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): void;
/**
 * The authoring module, needed by every call but `check`, `permissions`, `view`, `loadDirectory`
 * and the engines of `Engine.bizagi` and `Engine.fromCompiled`: browsers fetch it here (once per
 * page); Node loads it on first need (`input`: its bytes or module, for a bundle).
 */
export function loadAuthoring(input?: InitInput): Promise<void>;
/** An id as the engine's messages show it (hidden characters escaped). */
export function shown(value: unknown): string;
export default init;
