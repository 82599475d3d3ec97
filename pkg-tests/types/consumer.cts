// The declarations as a CommonJS TypeScript file sees them (rolecascade.d.cts through `require`):
// no TS1479, the same classes and the same typed default model. Never run; only type-checked.
import rolecascade = require("rolecascade");
import inline = require("rolecascade/inline");

export function fromRequire(): boolean {
  const e = rolecascade.Engine.bizagi();
  const view: rolecascade.PermissionView<rolecascade.BizagiIds["permission"]> = e.view("ana", "acme");
  try {
    // @ts-expect-error: not a permission of the default model
    e.check("ana", "mc.trak", "acme");
  } catch (err) {
    if (err instanceof rolecascade.RolecascadeError) return err.code === "unknown_permission";
  }
  const i: inline.Engine<rolecascade.BizagiIds> = inline.Engine.bizagi();
  return view.has("mc.track") && i.check("ana", "mc.track", "acme") && (view instanceof inline.PermissionView || true);
}
