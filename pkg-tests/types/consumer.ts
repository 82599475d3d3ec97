// Uses every method of the package's declared API, so `tsc --noEmit` checks the hand-written
// declarations (js/rolecascade.d.ts) against real use. Never run; only type-checked.
import init, { Engine, initSync, loadAuthoring, PermissionView, RolecascadeError } from "rolecascade";
import type { Decision, Directory, Model, ModelInfo, RoleInfo, RoleMatrix, PortalScopes, Context, BizagiIds, ErrorCode } from "rolecascade";
import { Engine as InlineEngine, init as inlineInit } from "rolecascade/inline";
import runtimeWasm from "rolecascade/rolecascade_runtime_bg.wasm";
import authoringWasm from "rolecascade/rolecascade_authoring_bg.wasm";

export async function useEverything(bytes: ArrayBuffer): Promise<number> {
  await init();
  initSync({ module: bytes });
  const directory: Directory = { scopes: ["acme"], members: { acme: ["ana"] }, assignments: [{ user: "ana", role: "company-admin", scope: "acme" }] };
  const model: Model = {
    levels: [{ id: "org" }, { id: "team", parent: "org" }],
    permissions: [{ id: "team.read", level: "team" }],
    roles: [{ id: "member", level: "team", grants: ["team.read"], inherits: [] }],
  };
  const a: Engine = Engine.bizagi(directory);
  const b: Engine = Engine.fromModel(model, JSON.stringify({ scopes: ["acme"] }));
  const ctx: Context = { customerPortalVersion: "2.0.1", launchedFrom: "studio" };
  const ok: boolean = a.check("ana", "portal.support", "acme", ctx);
  const d: Decision = a.explain("ana", "portal.support", "acme");
  const via: string[] = d.grants.length > 0 ? d.grants[0].via : [];
  const reason: string = d.reason;
  const perms: string[] = a.permissions("ana", "acme", ctx);
  const view: PermissionView = a.view("ana", "acme");
  const has: boolean = view.has("portal.support");
  const list: string[] = view.list();
  const who: string[] = a.whoCan("portal.support", "acme");
  const portals: PortalScopes[] = a.portals("ana", ctx);
  const can: Decision = a.canAssign("ana", "company-admin", "acme", "bo");
  const canThen: Decision = a.canAssign("ana", "subscription-viewer", "acme/automation", "bo", { customerPortalVersion: "2.0.0" });
  a.assign("ana", "company-admin", "acme");
  a.assign("bo", "company-admin", "acme", "ana");
  const revoked: boolean = a.revoke("bo", "company-admin", "acme", "ana");
  a.createScope("ana", "acme/automation");
  const added: boolean = a.addMember("acme", "cy");
  const addedAs: boolean = a.addMember("acme", "dee", "ana");
  const removed: boolean = a.removeMember("acme", "dee", "ana");
  a.removeScope("ana", "acme/automation");
  a.loadDirectory(directory);
  const label: string = a.roleLabel("company-admin", "acme");
  const roles: RoleInfo[] = a.roles();
  const info: ModelInfo = a.describe();
  const portalLabels: string[] = info.permissions.filter((p) => p.portal).map((p) => p.label);
  const matrix: RoleMatrix = a.matrix();
  const cell = matrix.get("company-admin", "portal.support");
  const exported: Directory = a.exportDirectory();
  const stateless: boolean = b.checkAssignments("ana", [{ role: "member", scope: "acme/core" }], "team.read", "acme/core");
  const why: Decision = b.explainAssignments("ana", [], "team.read", "acme/core");
  const levels: string[] = b.levels;
  try {
    a.check("ana", "nope", "acme");
  } catch (e) {
    if (e instanceof RolecascadeError) {
      const code: ErrorCode = e.code;
      const path: string | undefined = e.path;
      const message: string = e.message;
      void code, path, message;
    }
    const err = e as RolecascadeError;
    const code: string = err.code;
    void code;
  }
  const thrown: Error = new RolecascadeError("invalid_model", "a message", "roles[0]");
  const isView: boolean = (view as unknown) instanceof PermissionView;
  const version: number = a.version;
  const stop: () => void = a.subscribe(() => void a.version);
  stop();
  const snapshot: Uint8Array = a.exportSnapshot();
  const again: Engine = Engine.fromSnapshot(snapshot);
  const compiled: Engine = Engine.fromCompiled(new Uint8Array(bytes), directory);
  const fromSnapshotDir: Engine = Engine.fromCompiled(new Uint8Array(bytes), snapshot);
  a.loadDirectory(snapshot);
  await loadAuthoring();
  a.free();
  b.free();
  return [ok, via, reason, perms, has, list, who, portals, can, canThen, revoked, added, addedAs, removed, label, roles, info, portalLabels, cell, exported, stateless, why, levels, thrown, isView, version, again, compiled, fromSnapshotDir].length;
}

/** The default model's engine is typed by its ids: they autocomplete, and its answers carry them. */
export function typedByTheDefaultModel(): string[] {
  const e = Engine.bizagi();
  const typed: Engine<BizagiIds> = e;
  const view: PermissionView<BizagiIds["permission"]> = e.view("ana", "acme/automation/claims/production", { launchedFrom: "studio", customerPortalVersion: null });
  const held: BizagiIds["permission"][] = view.list();
  const ok: boolean = typed.check("ana", "mc.track", "acme/automation/claims/production") && view.has("mc.track");
  e.assign("ana", "project-owner", "acme/automation/claims");
  const roles: BizagiIds["role"][] = e.explain("ana", "project.delete", "acme/automation/claims").grants.flatMap((g) => g.via);
  const portal: BizagiIds["permission"] | undefined = e.portals("ana")[0]?.portal;
  // A typed engine still goes where an untyped one is expected.
  const plain: Engine = e;
  // Ids from elsewhere (a request, a database) are narrowed or cast by the caller.
  const fromRequest: string = "mc.track";
  plain.check("ana", fromRequest, "acme");
  e.check("ana", fromRequest as BizagiIds["permission"], "acme");
  return [...held, ...roles, String(ok), String(portal)];
}

/** A model of your own stays string-typed unless given its ids. */
export function untypedModels(model: Model): boolean {
  const e = Engine.fromModel(model);
  const anything: boolean = e.check("u", "whatever.the.model.has", "s", { anyKey: "value" }) || e.view("u", "s").has("any.permission");
  const typed = Engine.fromModel<{ permission: "team.read"; role: "member"; level: "org" | "team"; context: never }>(model);
  return anything && typed.check("u", "team.read", "acme/core");
}

/** rolecascade/inline: the same API; the wasm subpaths are compiled modules. */
export async function inline(): Promise<boolean> {
  await inlineInit();
  initSync({ module: runtimeWasm });
  await init(runtimeWasm);
  await loadAuthoring(authoringWasm);
  const e: InlineEngine<BizagiIds> = InlineEngine.bizagi();
  return e.check("ana", "mc.track", "acme");
}
