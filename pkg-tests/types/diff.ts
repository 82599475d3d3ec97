// Engine.diff as the declarations type it (js/rolecascade.d.ts). Never run; only type-checked.
import { Engine } from "rolecascade";
import type { Diff, RoleDiff, Model } from "rolecascade";

export function useDiff(model: Model, edited: string, compiled: Uint8Array): number {
  const d: Diff = Engine.diff(null, edited, { scopes: ["acme"] }, { launchedFrom: "studio" });
  const who: string[] = d.gained.map((g) => `${g.user} ${g.permission} ${g.scope} ${g.via.map((p) => p.via.join(" -> ")).join(", ")}`);
  const was: boolean[] = d.lost.map((l) => l.was.some((p) => p.default === true));
  const ignored: ("before" | "after")[] = d.ignored.map((i) => i.model);
  const r: RoleDiff = Engine.diff(model, compiled);
  const chains: string[][][] = r.gained.map((g) => g.via);
  const conditions: (string | null)[] = r.conditions.map((c) => c.after);
  const e = Engine.bizagi();
  const same: Diff = Engine.diff(e, e, "{}");
  return who.length + was.length + ignored.length + chains.length + conditions.length + d.unchanged + r.unchanged + same.unchanged;
}
