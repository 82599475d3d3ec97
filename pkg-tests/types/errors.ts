// What must not compile: each line after `// @ts-expect-error` is an error tsc reports (were it
// not, tsc would fail on the unused directive). Never run; only type-checked.
import { Engine, PermissionView, RolecascadeError } from "rolecascade";
import type { Model } from "rolecascade";

export function misspelt(model: Model): void {
  const e = Engine.bizagi();
  const view = e.view("ana", "acme/automation/claims/production");
  // @ts-expect-error: "mc.trak" is not a permission of the default model
  view.has("mc.trak");
  // @ts-expect-error: nor here
  e.check("ana", "mc.trak", "acme/automation/claims/production");
  // @ts-expect-error: nor here
  e.whoCan("project.delet", "acme/automation/claims");
  // @ts-expect-error: "project-ownr" is not a role of the default model
  e.assign("bo", "project-ownr", "acme/automation/claims");
  // @ts-expect-error: nor here
  e.canAssign("ana", "company-administrator", "acme", "bo");
  // @ts-expect-error: a context key the default model does not read
  e.check("ana", "mc.track", "acme/automation/claims/production", { launchedFor: "studio" });
  // @ts-expect-error: context values are strings
  e.check("ana", "mc.track", "acme/automation/claims/production", { launchedFrom: 3 });
  // @ts-expect-error: an id read from elsewhere must be narrowed first
  e.check("ana", String(model.levels.length), "acme");
  // @ts-expect-error: list() holds the model's ids, not any string
  const ids: "mc.track"[] = view.list();
  // @ts-expect-error: constructed by the engine only
  new PermissionView();
  // @ts-expect-error: made by Engine.bizagi, fromModel, fromCompiled or fromSnapshot
  new Engine();
  // @ts-expect-error: not one of the engine's codes
  new RolecascadeError("no_such_code", "message");
  // @ts-expect-error: a typed model's ids apply to it
  Engine.fromModel<{ permission: "team.read"; role: "member"; level: "team"; context: never }>(model).check("u", "team.write", "s");
  void ids;
}
