// Uses every method of the package's declared API, so `tsc --noEmit` checks the hand-written
// declarations (js/rolecascade.d.ts) against real use. Never run; only type-checked.
import init, { Engine, initSync } from "rolecascade";
import type { Decision, Directory, Model, ModelInfo, PermissionView, RoleInfo, RoleMatrix, PortalScopes, Context, RolecascadeError } from "rolecascade";

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
    const err = e as RolecascadeError;
    const code: string = err.code;
    const path: string | undefined = err.path;
    void code, path;
  }
  a.free();
  b.free();
  return [ok, via, reason, perms, has, list, who, portals, can, canThen, revoked, added, addedAs, removed, label, roles, info, portalLabels, cell, exported, stateless, why, levels].length;
}
