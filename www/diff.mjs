// "Your model" → "What changes": the model in the editor against the one on screen (the default,
// or the last applied), over the directory on screen, before anything is applied. Every line is
// `Engine.diff`'s answer, grouped for reading: a permission, where, for whom, through which roles.
// Nothing here names a role, a permission or a level of any model.
import { Engine } from "./pkg/index.web.mjs";
import { h, fill } from "./shared/dom.mjs";
import { readModel, lastSegment } from "./shared/model.mjs";

const GROUPS = 30; // lines shown per list

const plural = (n, one, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** Labels of both models: the after model's first for what is gained, the before model's for what is lost. */
function labels(first, second) {
  return {
    perm: (id) => first.perm.get(id)?.label ?? second.perm.get(id)?.label ?? id,
    role: (id) => first.role.get(id)?.label ?? second.role.get(id)?.label ?? id,
    level: (id) => first.levelLabel?.(id) ?? second.levelLabel?.(id) ?? id,
  };
}

/** "Owner › Contributor", with "(by default)" for a group's default. */
function chain(L, path) {
  return `${path.via.map(L.role).join(" › ")}${path.default ? " (by default)" : ""}`;
}

/** Entries grouped by permission and the role paths that make the difference, largest first. */
function grouped(entries, pathsOf, L, meta, name) {
  const groups = new Map();
  for (const e of entries) {
    const through = [...new Set(pathsOf(e).map((p) => chain(L, p)))].sort().join(" or ");
    const key = `${e.permission}\u0000${through}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { permission: e.permission, through, users: new Set(), scopes: new Set() }));
    g.users.add(e.user);
    g.scopes.add(e.scope);
  }
  const list = [...groups.values()].sort((a, b) => b.users.size - a.users.size || a.permission.localeCompare(b.permission));
  const where = (scopes) => {
    if (scopes.size === 1) return h("em", {}, lastSegment([...scopes][0]));
    const levels = new Set([...scopes].map((s) => meta.levelOfScope(s)));
    const level = levels.size === 1 ? [...levels][0] : null;
    return `${plural(scopes.size, "place")}${level ? ` (${L.level(level)})` : ""}`;
  };
  const who = (users) => (users.size === 1 ? h("strong", {}, name([...users][0])) : plural(users.size, "person", "people"));
  return h("ul", { class: "plain" },
    list.slice(0, GROUPS).map((g) => h("li", { "data-permission": g.permission, "data-people": g.users.size, "data-places": g.scopes.size },
      h("strong", {}, L.perm(g.permission)), " on ", where(g.scopes), " for ", who(g.users), h("span", { class: "muted" }, `, through ${g.through}`))),
    list.length > GROUPS ? h("li", {}, `and ${plural(list.length - GROUPS, "more line")} (the developers' details have every one)`) : null);
}

/** Per role and level (without the directory): what each role gains or loses, conditions aside. */
function roleLines(r, Lafter, Lbefore) {
  const line = (x, L, chains, sign) => h("li", { "data-role": x.role, "data-permission": x.permission, "data-level": x.level },
    `${sign} `, h("strong", {}, L.role(x.role)), ` ${sign === "+" ? "gains" : "loses"} `, h("strong", {}, L.perm(x.permission)), ` at ${L.level(x.level)} level`,
    h("span", { class: "muted" }, `, through ${chains.map((c) => c.map(L.role).join(" › ")).join(" or ")}`));
  const items = [...r.gained.map((x) => line(x, Lafter, x.via, "+")), ...r.lost.map((x) => line(x, Lbefore, x.was, "−"))];
  return [
    items.length ? h("ul", { class: "plain", "data-role-changes": "" }, items.slice(0, 60), items.length > 60 ? h("li", {}, `and ${items.length - 60} more`) : null) : h("p", { class: "muted" }, "No role gains or loses a permission."),
    r.conditions.length
      ? [h("p", {}, "Conditions that differ (their effect shows over a directory):"),
        h("ul", { class: "plain", "data-conditions": "" }, r.conditions.map((c) => h("li", {}, `${c.kind} `, h("code", {}, c.id), `: ${c.before ?? "none"} → ${c.after ?? "none"}`)))]
      : null,
  ];
}

/**
 * Shows in `box` what applying `afterText` would change, against `engine` (the model on screen)
 * over its directory, under `context`. `name(user)` is a person's name as the page shows it.
 */
export function renderModelDiff(box, { engine, meta, afterText, context, name }) {
  box.hidden = false;
  const title = h("h3", { id: "model-diff-title", tabindex: "-1" }, "What changes if you apply this model");
  let after;
  try {
    after = Engine.fromModel(afterText);
  } catch (e) {
    fill(box, title, h("p", { class: "message error", "data-diff-error": e.code ?? "" },
      "The model in the editor is refused: ", h("code", { "data-error-code": e.code ?? "" }, e.code ?? "error"),
      e.path ? [" at ", h("code", { "data-error-path": e.path }, e.path)] : "", ` (${e.message}).`));
    title.focus();
    return;
  }
  const afterMeta = readModel(after);
  after.free();
  const Lafter = labels(afterMeta, meta);
  const Lbefore = labels(meta, afterMeta);
  const directory = engine.exportDirectory();
  const roles = Engine.diff(engine, afterText);
  let d = null;
  let refused = null;
  try {
    d = Engine.diff(engine, afterText, directory, context);
  } catch (e) {
    refused = e;
  }
  const people = new Set([...Object.values(directory.members ?? {}).flat(), ...(directory.assignments ?? []).map((a) => a.user)]).size;
  const gainers = d ? new Set(d.gained.map((g) => g.user)).size : 0;
  const losers = d ? new Set(d.lost.map((g) => g.user)).size : 0;
  fill(box,
    title,
    d
      ? h("p", { "data-gained": d.gained.length, "data-lost": d.lost.length, "data-unchanged": d.unchanged },
        d.gained.length || d.lost.length
          ? `Over the directory on screen (${plural(people, "person", "people")}): ${plural(gainers, "person", "people")} would gain ${plural(d.gained.length, "permission")} somewhere, ${plural(losers, "person", "people")} would lose ${plural(d.lost.length, "permission")}. `
          : `Over the directory on screen (${plural(people, "person", "people")}): nobody gains or loses anything. `,
        `${plural(d.unchanged, "other answer")} stay the same. Nothing is applied yet.`)
      : h("p", { class: "message error", "data-diff-error": refused?.code ?? "" },
        `The directory on screen does not fit the edited model (${refused?.code}: ${refused?.message}), so only what each role gains or loses is shown.`),
    d ? h("div", { class: "cols" },
      h("div", { "data-diff-gained": "" }, h("h4", {}, "Gains"), d.gained.length ? grouped(d.gained, (g) => g.via, Lafter, afterMeta, name) : h("p", { class: "muted" }, "Nothing.")),
      h("div", { "data-diff-lost": "" }, h("h4", {}, "Losses"), d.lost.length ? grouped(d.lost, (l) => l.was, Lbefore, meta, name) : h("p", { class: "muted" }, "Nothing."))) : null,
    d?.ignored.length
      ? h("p", { "data-ignored": d.ignored.length }, `${plural(d.ignored.length, "assignment")} of the directory cannot be held under the ${d.ignored[0].model} model (a role it lacks, or of another level): `,
        d.ignored.slice(0, 5).flatMap((i, k) => [k ? ", " : "", h("strong", {}, name(i.user)), ` as ${Lbefore.role(i.role)} on `, h("em", {}, lastSegment(i.scope))]), d.ignored.length > 5 ? ", …" : "", ".")
      : null,
    h("details", { class: "dev", open: d ? undefined : true }, h("summary", {}, "Each role, at each level (conditions aside)"), roleLines(roles, Lafter, Lbefore)),
    h("details", { class: "dev" }, h("summary", {}, "For developers"),
      h("pre", { class: "mono" }, `Engine.diff(engine, editedModel, engine.exportDirectory()${context ? `, ${JSON.stringify(context)}` : ""})\n// rolecascade diff before.json after.json --directory dir.json --json`),
      h("pre", { class: "mono", "data-diff-json": "", tabindex: "0", "aria-label": "Engine.diff answer as JSON" }, JSON.stringify(d ?? roles, null, 2).slice(0, 20_000))));
  title.focus();
}
