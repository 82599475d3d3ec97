// The role explorer. Every answer on this page comes from the engine, computed in the browser, and
// is shown in people's words (see shared/words.mjs); ids appear only in the details for
// developers. Nothing here names a role, a permission or a level of any model.
//
// Speed at the scale of a real company: only the visible tab is drawn, the people and scope
// pickers show a page of entries at a time, and a change to the directory updates the page's own
// index instead of exporting the directory again.
import init, { loadAuthoring } from "./pkg/index.web.mjs";
import { $, h, fill, toNodes, setupTips, reasoned } from "./shared/dom.mjs";
import { MODELS, CUSTOM, store, readHash, hashOf, directoryChoices, modelText, directoryText, openWorkspace } from "./shared/workspace.mjs";
import { readModel, DirectoryIndex, depthOf, lastSegment } from "./shared/model.mjs";
import { Words, toPlain } from "./shared/words.mjs";
import { UserPicker } from "./shared/picker.mjs";
import { ScopeTree } from "./shared/tree.mjs";
import { drawGraph } from "./graph.mjs";
import { Checks } from "./checks.mjs";
import { applyModelText, starterDirectory, shareLink, importShared } from "./authoring.mjs";
import { renderModelDiff } from "./diff.mjs";

const TABS = ["view", "who", "edit", "matrix", "checks", "model"];
const WHO_PAGE = 50;

const S = {
  ws: null, // { engine, modelId, dirId, note }
  engine: null,
  meta: null,
  index: null,
  user: "",
  scope: "",
  tab: "view",
  perm: "", // the "who can" permission
  why: "", // the permission explained under "Access"
  actor: "",
  ctx: {}, // context values as typed; "" or absent: the model's default
  whoShown: WHO_PAGE,
  preview: null, // { role, kind: "give" | "remove" } under "Change roles"
  editStatus: null, // { parts, error }
  cell: null, // { role, perm } explained under "The model"
  dirty: new Set(TABS),
};

let userPicker;
let actorPicker;
let tree;
const checks = new Checks(() => S, () => words());

/** The request context for the engine: the values set, or undefined for the model's defaults. */
function context() {
  const out = {};
  for (const k of S.meta.context) {
    const v = S.ctx[k.key];
    if (v !== undefined && v !== "") out[k.key] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

const words = () => new Words(S.engine, S.meta, S.index, context());
const levelLabel = (path) => S.meta.levelLabel(S.meta.levelOfScope(path));

/** Permissions that can be asked about at the scope, in model order (the engine says which). */
function askable(view) {
  return S.meta.perms.filter((p) => {
    try {
      view.has(p.id);
      return true;
    } catch (e) {
      if (e.code === "level_mismatch") return false;
      throw e;
    }
  });
}

/** "acme › automation › claims" with the level of the last one. */
function crumbs(path) {
  const names = path.split("/");
  return h("p", { class: "crumbs" }, names.join(" › "), h("span", { class: "lvl" }, levelLabel(path)));
}

function details(summary, ...content) {
  return h("details", { class: "dev" }, h("summary", {}, summary), ...content);
}

const json = (value) => h("pre", { class: "mono" }, JSON.stringify(value, null, 2));
const call = (name, ...args) => h("pre", { class: "mono" }, `engine.${name}(${args.filter((a) => a !== undefined).map((a) => JSON.stringify(a)).join(", ")})`);

// ---------------------------------------------------------------------------------------------
// State, the address and rendering

/** Changes the state, redraws what depends on it (the visible tab only) and updates the address. */
function set(change, { hash = true } = {}) {
  const before = { user: S.user, scope: S.scope, ctx: JSON.stringify(S.ctx), actor: S.actor };
  Object.assign(S, change);
  if ("user" in change && change.user !== before.user) {
    S.preview = null;
    S.editStatus = null;
  }
  if ("scope" in change && change.scope !== before.scope) {
    S.preview = null;
    S.whoShown = WHO_PAGE;
  }
  if ("perm" in change) S.whoShown = WHO_PAGE;
  const everything = "user" in change || "scope" in change || "ctx" in change || "changed" in change;
  if (everything) TABS.forEach((t) => t !== "matrix" && t !== "model" && S.dirty.add(t));
  if ("why" in change) S.dirty.add("view");
  if ("perm" in change || "whoShown" in change) S.dirty.add("who");
  if ("actor" in change || "preview" in change || "editStatus" in change) S.dirty.add("edit");
  if ("cell" in change) S.dirty.add("matrix");
  render();
  if (hash) writeHash();
}

function render() {
  const main = $("#main");
  main.dataset.user = S.user;
  main.dataset.scope = S.scope;
  main.dataset.context = JSON.stringify(context() ?? {});
  userPicker.set(S.user);
  tree.select(S.scope);
  fill($("#scope-now"), S.scope ? [h("strong", {}, lastSegment(S.scope)), " ", h("span", { class: "muted" }, S.scope.split("/").slice(0, -1).join(" › "))] : "No scope");
  renderContextSummary();
  $("#to-portal").href = `portal.html${hashOf({ m: S.ws.modelId, d: S.ws.dirId, u: S.user, s: S.scope, ...ctxParams() })}`;
  showTab(S.tab);
  if (S.dirty.has(S.tab)) {
    S.dirty.delete(S.tab);
    // Views are redrawn, so keep the keyboard on the control that stands for the same thing.
    const key = focusKey(document.activeElement);
    ({ view: renderView, who: renderWho, edit: renderEdit, matrix: renderMatrix, checks: () => checks.render($("#panel-checks")), model: renderModelTab })[S.tab]();
    if (key && document.activeElement !== document.querySelector(key)) document.querySelector(key)?.focus();
  }
}

function focusKey(el) {
  if (!el || el === document.body || !el.closest("[role=tabpanel]")) return null;
  if (el.id) return `#${CSS.escape(el.id)}`;
  const panel = el.closest("[role=tabpanel]");
  for (const attr of ["data-permission", "data-assign", "data-revoke", "data-preview", "data-pin"]) {
    if (el.hasAttribute(attr)) return `#${panel.id} [${attr}="${CSS.escape(el.getAttribute(attr))}"]`;
  }
  return null;
}

const ctxParams = () => ({ context: Object.fromEntries(Object.entries(S.ctx).filter(([, v]) => v !== "")) });

function writeHash() {
  const hash = hashOf({ m: S.ws.modelId, d: S.ws.dirId, u: S.user, s: S.scope, t: S.tab === "view" ? "" : S.tab, p: S.perm, w: S.why, a: S.actor, ...ctxParams() });
  if (hash !== location.hash && !(hash === "#" && !location.hash)) history.replaceState(null, "", hash);
}

/** Reads the address: a new model or directory loads a new engine, the rest changes the view. */
async function fromHash() {
  let want = readHash();
  if (want.mz || want.dz) want = await importShared(want);
  // While a load is under way, the address asks for a load of its own, which replaces it:
  // otherwise the load, finishing later, would draw the user and scope it was started with.
  if (settled !== loads || !S.ws || (want.m ?? "bizagi") !== S.ws.modelId || (want.d ?? "sample") !== S.ws.dirId) {
    await load(want);
    return;
  }
  applyParams(want);
}

function applyParams(want) {
  const change = {};
  if (want.u && S.index.userSet.has(want.u)) change.user = want.u;
  if (want.s && S.index.scopeSet.has(want.s)) change.scope = want.s;
  if (want.t && TABS.includes(want.t)) change.tab = want.t;
  else if (!want.t) change.tab = "view";
  if (want.p && S.meta.perm.has(want.p)) change.perm = want.p;
  if (want.w !== undefined) change.why = S.meta.perm.has(want.w) ? want.w : "";
  if (want.a && S.index.userSet.has(want.a)) change.actor = want.a;
  change.ctx = {};
  for (const k of S.meta.context) change.ctx[k.key] = want.context[k.key] ?? "";
  renderContextForm(change.ctx);
  set(change, { hash: false });
  writeHash();
}

// Loads started, and the last of them that has finished (drawn, or failed): a load under way
// while `settled` lags. A load that finishes after a later one started is dropped: the later one
// is what was asked for last.
let loads = 0;
let settled = 0;

/** Opens the model and directory the address names and draws everything for them. */
async function load(want) {
  const mine = ++loads;
  try {
    let ws;
    try {
      ws = await openWorkspace(want);
    } catch (e) {
      if (mine !== loads) return;
      note(`That model and directory could not be opened (${e.message}): showing the default model.`, true);
      ws = await openWorkspace({ m: "bizagi", d: "sample" });
    }
    if (mine !== loads) {
      ws.engine.free();
      return;
    }
    useWorkspace(ws, want);
    if (ws.note) note(ws.note, true);
  } finally {
    if (mine === loads) settled = mine;
  }
}

function note(text, error = false) {
  const box = $("#note");
  box.className = `message ${error ? "error" : "ok"}`;
  box.textContent = text;
}

/** A new engine replaces the old one; the address's user, scope and context are kept where valid. */
function useWorkspace(ws, want = {}) {
  S.engine?.free();
  S.ws = ws;
  S.engine = ws.engine;
  S.meta = readModel(ws.engine);
  S.index = new DirectoryIndex(ws.engine.exportDirectory(), S.meta);
  S.dirty = new Set(TABS);
  S.preview = null;
  S.editStatus = null;
  S.cell = null;
  const users = S.index.users;
  S.user = want.u && S.index.userSet.has(want.u) ? want.u : S.index.userSet.has(S.user) ? S.user : users[0] ?? "";
  const first = S.index.byUser.get(S.user)?.[0]?.scope;
  S.scope = want.s && S.index.scopeSet.has(want.s) ? want.s : S.index.scopeSet.has(S.scope) ? S.scope : first ?? S.index.scopes[0] ?? "";
  if (!(want.a && S.index.userSet.has(want.a)) && !S.index.userSet.has(S.actor)) {
    // The holder of the highest assignment: the natural administrator of a sample directory.
    let top = null;
    for (const list of S.index.byUser.values()) for (const a of list) if (!top || depthOf(a.scope) < depthOf(top.scope)) top = a;
    S.actor = top?.user ?? users[0] ?? "";
  } else if (want.a) S.actor = want.a;
  if (!S.meta.perm.has(S.perm)) S.perm = "";
  S.why = want.w && S.meta.perm.has(want.w) ? want.w : S.meta.perm.has(S.why) ? S.why : "";
  if (want.t && TABS.includes(want.t)) S.tab = want.t;
  if (want.p && S.meta.perm.has(want.p)) S.perm = want.p;
  S.ctx = {};
  for (const k of S.meta.context) S.ctx[k.key] = want.context?.[k.key] ?? "";

  fillPickers();
  if (!tree) tree = new ScopeTree($("#scopes"), $("#scope-search"), { index: S.index, label: levelLabel, onPick: (scope) => pickScope(scope) });
  else tree.use(S.index);
  renderContextForm(S.ctx);
  note("");
  document.title = `${S.meta.name || "Your model"}: rolecascade role explorer`;
  checks.changed();
  render();
  writeHash();
}

function pickScope(scope) {
  set({ scope });
  // On a phone the tree folds away once a scope is chosen, so the answers come next.
  if (matchMedia("(max-width: 900px)").matches) toggleScopes(false);
}

function fillPickers() {
  const modelPick = $("#model-pick");
  fill(modelPick, MODELS.map((m) => h("option", { value: m.id }, m.title)), store.get("model.custom") || S.ws.modelId === CUSTOM ? h("option", { value: CUSTOM }, "Your own model") : null);
  modelPick.value = S.ws.modelId;
  const dirPick = $("#dir-pick");
  const choices = directoryChoices(S.ws.modelId).filter((c) => c.id !== CUSTOM || store.get(`directory.${S.ws.modelId}`) !== undefined || S.ws.dirId === CUSTOM);
  fill(dirPick, choices.map((c) => h("option", { value: c.id }, c.title)));
  dirPick.value = S.ws.dirId;
}

function toggleScopes(open) {
  const button = $("#scope-toggle");
  const want = open ?? button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(want));
  button.textContent = want ? "Done" : "Change";
  $(".side").classList.toggle("scopes-open", want);
}

// ---------------------------------------------------------------------------------------------
// The request context

function renderContextForm(values) {
  const form = $("#context");
  fill(form);
  for (const k of S.meta.context) {
    const id = `ctx-${k.key}`;
    let control;
    const hint = h("p", { class: "hint", id: `${id}-hint` });
    if (k.version || k.values.length === 0) {
      control = h("input", { type: "text", id, value: values[k.key] ?? "", list: `${id}-list`, autocomplete: "off", spellcheck: "false", "aria-describedby": hint.id,
        placeholder: k.default !== undefined ? `default: ${k.default}` : "not set" });
      form.append(h("datalist", { id: `${id}-list` }, k.values.map((v) => h("option", { value: v }))));
      control.addEventListener("input", () => contextChanged(k, control.value));
    } else {
      control = h("select", { id, "aria-describedby": hint.id },
        h("option", { value: "" }, k.default !== undefined ? `default (${k.default})` : "not set"),
        k.values.map((v) => h("option", { value: v }, v)));
      control.value = values[k.key] ?? "";
      control.addEventListener("change", () => contextChanged(k, control.value));
    }
    form.append(h("div", { class: "ctx" }, h("label", { for: id }, k.label), control, hint));
    contextHint(k, values[k.key] ?? "");
  }
  if (!S.meta.context.length) form.append(h("p", { class: "muted" }, "This model reads no request context."));
}

const VERSION = /^\d+(\.\d+)*$/;

/** What a context control means now: the default that applies when empty, a warning for a non-version. */
function contextHint(k, value) {
  const hint = document.getElementById(`ctx-${k.key}-hint`);
  const control = document.getElementById(`ctx-${k.key}`);
  if (!hint) return;
  let text = "";
  let bad = false;
  if (value === "") text = k.default !== undefined ? `Empty: the model's default, ${k.default}, applies.` : "";
  else if (k.version && !VERSION.test(value)) {
    bad = true;
    text = `“${value}” is not a version like ${k.default ?? k.values[0] ?? "2.0"}: every condition comparing ${k.label} fails, so what depends on it is off.`;
  }
  hint.textContent = text;
  hint.classList.toggle("warn", bad);
  control?.setAttribute("aria-invalid", String(bad));
}

function contextChanged(k, value) {
  contextHint(k, value);
  set({ ctx: { ...S.ctx, [k.key]: value } });
}

function renderContextSummary() {
  const set_ = S.meta.context.filter((k) => (S.ctx[k.key] ?? "") !== "");
  $("#context-summary").textContent = set_.length ? `(${set_.map((k) => `${k.label}: ${S.ctx[k.key]}`).join(", ")})` : "(the model's defaults)";
}

// ---------------------------------------------------------------------------------------------
// Access: what a person can do at a scope, and why, in words

function renderView() {
  const panel = $("#panel-view");
  const { engine, user, scope } = S;
  if (!user || !scope) {
    fill(panel, h("p", {}, "This directory has no people or no scopes: pick a sample directory above, or load one under “Your model”."));
    return;
  }
  const ctx = context();
  const w = words();
  const view = engine.view(user, scope, ctx); // one snapshot answers every button below
  const perms = askable(view);
  const portals = perms.filter((p) => p.portal);
  const groups = S.meta.groups.map((g) => [g, perms.filter((p) => !p.portal && p.group === g)]).filter(([, list]) => list.length);
  const held = S.index.onPath(user, scope);
  const count = view.list().length;

  const button = (p, cls) => {
    const on = view.has(p.id);
    const said = w.decision(user, p.id, scope);
    return reasoned(h("button", { type: "button", class: cls, "data-permission": p.id, "aria-disabled": String(!on), "aria-pressed": String(S.why === p.id),
      onclick: () => selectWhy(S.why === p.id ? "" : p.id) },
    h("span", { class: "mark", "aria-hidden": "true" }, on ? "✓" : "✕"), h("span", {}, p.label)), said.text);
  };

  fill(panel,
    h("h2", { "data-user": user, "data-scope": scope, "data-context": JSON.stringify(ctx ?? {}) }, toNodes([w.subject(user), " on ", w.scope(scope)])),
    crumbs(scope),
    h("p", { class: "summary" }, `${count} of ${perms.length} permissions here are allowed. Point at one, or focus it, for the reason; select it for the whole story and what would change it.`),
    h("h3", {}, "Roles on the way here"),
    held.length
      ? h("ul", { class: "chips" }, held.map((a) => {
        const off = w.assignmentOff(a, scope);
        return h("li", { class: off ? "off" : "", "data-role": a.role, "data-scope": a.scope, "data-active": String(!off) },
          toNodes([w.role(a.role, a.scope), " on ", w.scope(a.scope)]),
          off ? h("span", { class: "why-off" }, ` — switched off: only where ${w.condition(off)}${w.contextNow(off)}`) : null);
      }))
      : h("p", { class: "muted" }, `${toPlain([w.subject(user)])} holds no role here or above.`),
    portals.length ? [h("h3", {}, "Portals"), h("div", { class: "tiles" }, portals.map((p) => button(p, "tile")))] : null,
    groups.map(([g, list]) => [h("h3", {}, S.meta.groupLabel(g)), h("div", { class: "buttons" }, list.map((p) => button(p, "perm")))]),
    renderWhy(perms, w),
    renderPortals(w, ctx));
}

function renderWhy(perms, w) {
  const p = perms.find((x) => x.id === S.why);
  if (!p) return h("div", { class: "why muted", "data-why": "" }, "Select a permission above for the whole story: how it is granted, or what it needs and who can give it.");
  const ctx = context();
  const said = w.decision(S.user, p.id, S.scope);
  const d = said.decision;
  const need = said.suggestion;
  return h("section", { class: "why", "data-why": p.id, "aria-labelledby": "why-title" },
    h("h3", { id: "why-title", class: d.allowed ? "allowed" : "denied" }, toNodes(said.headline)),
    said.lines.map((line) => h("p", {}, toNodes(line))),
    said.fix.length ? h("p", { class: "fix" }, toNodes(said.fix)) : null,
    d.allowed && d.grants.length > 1 ? h("ol", { class: "paths" }, d.grants.map((g) => h("li", {}, toNodes(["Through ", ...w.grant(g, S.scope).slice(1)])))) : null,
    d.allowed && d.grants.length === 1 ? h("ol", { class: "paths", hidden: true }, h("li", {}, toNodes(w.grant(d.grants[0], S.scope)))) : null,
    h("div", { class: "row" },
      h("button", { type: "button", class: "action secondary", "data-pin": "check", onclick: () => pinDecision(p.id, d.allowed) }, "Pin as an expected result"),
      need ? h("button", { type: "button", class: "action secondary", "data-whatif-from": need.role, onclick: () => set({ tab: "edit", scope: need.scope, preview: { role: need.role, kind: "give" } }) },
        toNodes(["What if ", w.subject(S.user), " gets ", w.role(need.role, need.scope), "?"])) : null),
    details("Details for developers",
      call("explain", S.user, p.id, S.scope, ctx),
      json(d)));
}

/** Selecting a permission redraws only its story (the buttons stay, and the focus with them). */
function selectWhy(id) {
  S.why = id;
  for (const b of document.querySelectorAll("#panel-view [data-permission]")) b.setAttribute("aria-pressed", String(b.dataset.permission === id));
  const old = $("#panel-view [data-why]");
  const view = S.engine.view(S.user, S.scope, context());
  old?.replaceWith(renderWhy(askable(view), words()));
  writeHash();
}

function pinDecision(permission, allowed) {
  checks.add({ op: "check", user: S.user, permission, scope: S.scope, context: context(), expect: allowed });
  S.dirty.add("checks");
  announce(`Pinned: ${allowed ? "allowed" : "denied"} is now an expected result under Checks.`);
}

function announce(text) {
  note(text);
}

function renderPortals(w, ctx) {
  const list = S.engine.portals(S.user, ctx);
  return h("details", { class: "why" },
    h("summary", {}, toNodes(["Where ", w.person(S.user), " can open each portal"])),
    list.length
      ? h("ul", { class: "plain" }, list.map((x) => h("li", {}, h("strong", {}, S.meta.perm.get(x.portal)?.label ?? x.portal), ": ",
        x.scopes.slice(0, 8).map(lastSegment).join(", "), x.scopes.length > 8 ? ` and ${x.scopes.length - 8} more` : "")))
      : h("p", { class: "muted" }, "No portal anywhere."));
}

// ---------------------------------------------------------------------------------------------
// Who can

function renderWho() {
  const panel = $("#panel-who");
  const { engine, scope } = S;
  if (!scope) {
    fill(panel, h("p", {}, "No scope to ask about."));
    return;
  }
  const ctx = context();
  const w = words();
  const here = new Set(askable(engine.view(S.user, scope, ctx)).map((p) => p.id));
  if (!here.has(S.perm)) S.perm = S.meta.perms.find((p) => here.has(p.id) && !p.portal)?.id ?? [...here][0] ?? "";
  const select = h("select", { id: "who-permission", onchange: (e) => set({ perm: e.target.value }) },
    S.meta.groups.map((g) => h("optgroup", { label: S.meta.groupLabel(g) }, S.meta.perms.filter((p) => p.group === g).map((p) =>
      h("option", { value: p.id, disabled: !here.has(p.id) }, p.label)))));
  select.value = S.perm;
  let result;
  try {
    const users = engine.whoCan(S.perm, scope, ctx);
    const shown = users.slice(0, S.whoShown);
    result = [
      h("p", { class: "summary", "data-count": users.length }, toNodes([
        users.length === 0 ? "Nobody" : `${users.length.toLocaleString("en")} ${users.length === 1 ? "person" : "people"}`, " can use ", w.permission(S.perm), " on ", w.scope(scope), "."])),
      h("ul", { class: "people", id: "who-result" }, shown.map((u) => {
        const d = engine.explain(u, S.perm, scope, ctx);
        return h("li", { "data-user": u },
          h("span", { class: "who" }, toNodes([w.person(u)])), h("span", { class: "id" }, u === S.index.name(u) ? "" : u),
          h("ul", { class: "paths" }, d.grants.map((g) => h("li", {}, toNodes(w.grant(g, scope))))));
      })),
      users.length > shown.length ? h("button", { type: "button", class: "action secondary", id: "who-more", onclick: () => set({ whoShown: S.whoShown + WHO_PAGE }) },
        `Show ${Math.min(WHO_PAGE, users.length - shown.length)} more of ${(users.length - shown.length).toLocaleString("en")}`) : null,
      h("div", { class: "row" }, h("button", { type: "button", class: "action secondary", "data-pin": "whoCan",
        onclick: () => {
          checks.add({ op: "whoCan", permission: S.perm, scope, context: ctx, expect: users });
          S.dirty.add("checks");
          announce("Pinned: this list is now an expected result under Checks.");
        } }, "Pin this list as an expected result")),
      details("Details for developers", call("whoCan", S.perm, scope, ctx), json(users.slice(0, 200))),
    ];
  } catch (e) {
    result = h("p", { class: "message error" }, `This cannot be asked here (${e.message}).`);
  }
  fill(panel,
    h("div", { class: "row" }, h("label", { for: "who-permission" }, "Permission"), select),
    h("p", { class: "muted" }, toNodes(["On ", w.scope(scope), " (", levelLabel(scope).toLowerCase(), "), chosen on the left; permissions of other levels cannot be asked here."])),
    result);
}

// ---------------------------------------------------------------------------------------------
// Change roles: assign and revoke as an acting person, gated by canAssign, with what-if

/** Roles that can be held at the scope, with the acting person's right to change each. */
function rolesHere(w) {
  const out = [];
  const ctx = context();
  for (const role of S.meta.roles) {
    let d;
    try {
      d = S.engine.canAssign(S.actor, role.id, S.scope, S.user, ctx);
    } catch (e) {
      if (e.code === "level_mismatch") continue; // not a role of this scope
      throw e;
    }
    const held = S.index.holds(S.user, role.id, S.scope);
    out.push({ role, d, held, said: w.assignment(S.actor, role.id, S.scope, S.user, held ? "remove" : "give", d) });
  }
  return out;
}

function renderEdit() {
  const { user, scope } = S;
  if (!user || !scope) {
    fill($("#edit-head"), h("p", {}, "No person or scope to change."));
    fill($("#edit-body"));
    return;
  }
  const w = words();
  const head = $("#edit-head");
  if (!head.querySelector("#actor")) {
    fill(head,
      h("div", { class: "row" }, h("label", { for: "actor" }, "Acting person"), h("input", { id: "actor", type: "text" })),
      h("p", { id: "edit-what" }));
    actorPicker = new UserPicker(head.querySelector("#actor"), pickerOptions((u) => set({ actor: u })));
  }
  actorPicker.set(S.actor);
  fill($("#edit-what"), toNodes([w.subject(S.actor), " changes the roles of ", w.person(user), " on ", w.scope(scope), " (", levelLabel(scope).toLowerCase(), "), chosen on the left. Every change is checked as ", w.person(S.actor), " would be."]));
  const status = $("#edit-status");
  status.className = `message ${S.editStatus?.error ? "error" : "ok"}`;
  fill(status, S.editStatus ? toNodes(S.editStatus.parts) : []);

  const rows = rolesHere(w).map(({ role, d, held, said }) => {
    const off = held ? w.assignmentOff({ user, role: role.id, scope }) : null;
    const act = reasoned(h("button", { type: "button", class: `action${held ? " secondary" : ""}`, [held ? "data-revoke" : "data-assign"]: role.id, "aria-disabled": String(!d.allowed),
      onclick: () => change(held ? "remove" : "give", role.id) }, held ? "Remove" : "Give"), said.text);
    const preview = h("button", { type: "button", class: "action secondary", "data-preview": role.id, "aria-pressed": String(S.preview?.role === role.id),
      onclick: () => set({ preview: S.preview?.role === role.id ? null : { role: role.id, kind: held ? "remove" : "give" } }) }, "What if…");
    return h("li", { "data-role": role.id, "data-allowed": String(d.allowed), "data-held": String(held) },
      h("div", { class: "role-name" }, h("strong", {}, w.roleLabel(role.id, scope)),
        held ? h("span", { class: off ? "badge off" : "badge" }, off ? "held, switched off" : "held") : null),
      h("p", { class: d.allowed ? "ok-text" : "no-text" }, toNodes([...said.headline, ...said.lines.flatMap((l) => [" ", ...l]), ...(said.fix.length ? [" ", ...said.fix] : [])])),
      h("div", { class: "acts" }, act, preview));
  });
  fill($("#edit-body"), rows.length ? h("ul", { class: "roles" }, rows) : h("p", { class: "muted" }, "No role can be held at this scope."));
  renderWhatIf(w);
}

function change(kind, role) {
  const { engine, user, scope, actor } = S;
  const w = words();
  const d = engine.canAssign(actor, role, scope, user, context());
  if (!d.allowed) {
    // Refused before asking the engine to change anything, in the words of the row.
    const said = w.assignment(actor, role, scope, user, kind, d);
    set({ editStatus: { parts: [...said.headline, ...said.lines.flatMap((l) => [" ", ...l]), ...(said.fix.length ? [" ", ...said.fix] : [])], error: true } });
    focusRow(role);
    return;
  }
  try {
    if (kind === "give") {
      engine.assign(user, role, scope, actor);
      S.index.assigned(user, role, scope);
    } else {
      engine.revoke(user, role, scope, actor);
      S.index.revoked(user, role, scope);
    }
    const did = kind === "give" ? [w.subject(actor), " gave ", w.role(role, scope), " to ", w.person(user), " on ", w.scope(scope), "."] : [w.subject(actor), " removed ", w.role(role, scope), " from ", w.person(user), " on ", w.scope(scope), "."];
    set({ editStatus: { parts: did, error: false }, preview: null, changed: true });
    checks.changed();
  } catch (e) {
    set({ editStatus: { parts: [`The engine refused: ${e.message}`], error: true } });
  }
  focusRow(role);
}

function focusRow(role) {
  // Keep the keyboard on this role's row, whichever button (give or remove) it now has.
  $(`#edit-body li[data-role="${CSS.escape(role)}"] .acts button`)?.focus();
}

/**
 * What a change would do, asked of the engine itself: the change is made, every answer that
 * could differ is read (the person's permissions at the scope and below, who-can at the scope),
 * and the change is undone before anything is drawn.
 */
function whatIf(role, kind) {
  const { engine, user, scope, index, meta } = S;
  const ctx = context();
  const scopes = index.subtree(scope);
  const perms = (s) => new Set(engine.view(user, s, ctx).list());
  const order = (list) => list.sort((a, b) => meta.permIndex.get(a) - meta.permIndex.get(b));
  const before = new Map(scopes.map((s) => [s, perms(s)]));
  const had = (index.byUser.get(user) ?? []).filter((a) => a.scope === scope).map((a) => a.role);
  const gained = [];
  const lost = [];
  const whoAfter = new Map(); // "permission scope" -> whoCan with the change made
  let replaced = [];
  try {
    if (kind === "give") engine.assign(user, role, scope);
    else engine.revoke(user, role, scope);
    for (const s of scopes) {
      const b = before.get(s);
      const a = perms(s);
      const plus = order([...a].filter((p) => !b.has(p)));
      const minus = order([...b].filter((p) => !a.has(p)));
      if (plus.length) gained.push({ scope: s, perms: plus });
      if (minus.length) lost.push({ scope: s, perms: minus });
    }
    // Who can, where something changes (the first few places), with the change made.
    for (const { scope: s, perms: ps } of [...gained, ...lost].slice(0, 8)) for (const p of ps) whoAfter.set(`${p} ${s}`, engine.whoCan(p, s, ctx));
  } finally {
    // Undo: the role given is taken back and anything it replaced is given back (or the reverse).
    if (kind === "give") {
      engine.revoke(user, role, scope);
      const group = meta.role.get(role)?.group;
      replaced = had.filter((r) => r !== role && group && meta.role.get(r)?.group === group);
      for (const r of replaced) engine.assign(user, r, scope);
      if (had.includes(role)) engine.assign(user, role, scope);
    } else if (had.includes(role)) engine.assign(user, role, scope);
  }
  const who = [];
  for (const [key, a] of whoAfter) {
    const [p, s] = key.split(" ");
    const b = engine.whoCan(p, s, ctx);
    who.push({ perm: p, scope: s, before: b.length, after: a.length, added: a.filter((u) => !b.includes(u)), removed: b.filter((u) => !a.includes(u)) });
  }
  const mayGive = meta.roles.filter((r) => r.assignRequires && gained.some((g) => g.scope === scope && g.perms.includes(r.assignRequires)));
  const mayNotGive = meta.roles.filter((r) => r.assignRequires && lost.some((g) => g.scope === scope && g.perms.includes(r.assignRequires)));
  return { gained, lost, who, replaced, mayGive, mayNotGive };
}

function renderWhatIf(w) {
  const box = $("#whatif");
  const p = S.preview;
  if (!p || !S.meta.role.has(p.role)) {
    box.hidden = true;
    fill(box);
    return;
  }
  const r = whatIf(p.role, p.kind);
  const person = w.subject(S.user);
  const scopeList = (items) => h("ul", { class: "plain" }, items.slice(0, 20).map((x) => h("li", { "data-scope": x.scope },
    toNodes([w.scope(x.scope), `: `]), x.perms.map((id, i) => [i ? ", " : "", h("span", { "data-permission": id }, S.meta.perm.get(id)?.label ?? id)]))),
  items.length > 20 ? h("li", {}, `and ${items.length - 20} more scopes`) : null);
  const d = S.engine.canAssign(S.actor, p.role, S.scope, S.user, context());
  const said = w.assignment(S.actor, p.role, S.scope, S.user, p.kind, d);
  box.hidden = false;
  fill(box,
    h("h3", { id: "whatif-title" }, toNodes(["What if ", person, p.kind === "give" ? " gets " : " loses ", w.role(p.role, S.scope), " on ", w.scope(S.scope), "?"])),
    h("p", { class: "muted" }, "Asked of the engine with the change made and then undone: nothing has changed yet."),
    r.replaced.length ? h("p", {}, toNodes(["It replaces ", ...r.replaced.flatMap((x, i) => [i ? ", " : "", w.role(x, S.scope)]), ": a person holds one role of that kind per place."])) : null,
    h("div", { class: "cols", "data-whatif": p.role },
      h("div", { "data-gains": "" }, h("h4", {}, toNodes([person, " gains"])), r.gained.length ? scopeList(r.gained) : h("p", { class: "muted" }, "Nothing.")),
      h("div", { "data-losses": "" }, h("h4", {}, toNodes([person, " loses"])), r.lost.length ? scopeList(r.lost) : h("p", { class: "muted" }, "Nothing."))),
    h("h4", {}, "Who can, before and after"),
    r.who.length
      ? h("ul", { class: "plain", "data-who-changes": "" }, r.who.slice(0, 24).map((x) => h("li", { "data-permission": x.perm, "data-scope": x.scope, "data-before": x.before, "data-after": x.after },
        toNodes([w.permission(x.perm), " on ", w.scope(x.scope), `: ${x.before} → ${x.after} ${x.after === 1 ? "person" : "people"}`,
          ...(x.added.length ? [" (adds ", ...x.added.slice(0, 3).flatMap((u, i) => [i ? ", " : "", w.person(u)]), ")"] : []),
          ...(x.removed.length ? [" (drops ", ...x.removed.slice(0, 3).flatMap((u, i) => [i ? ", " : "", w.person(u)]), ")"] : [])]))))
      : h("p", { class: "muted" }, "No list changes."),
    r.mayGive.length ? h("p", {}, toNodes([person, " could then give others ", ...r.mayGive.slice(0, 6).flatMap((x, i) => [i ? ", " : "", w.role(x.id, S.scope)]), " here."])) : null,
    r.mayNotGive.length ? h("p", {}, toNodes([person, " could no longer give others ", ...r.mayNotGive.slice(0, 6).flatMap((x, i) => [i ? ", " : "", w.role(x.id, S.scope)]), " here."])) : null,
    h("p", { class: "muted" }, "Nobody else's own access changes: a role changes only what its holder may do."),
    h("div", { class: "row" },
      reasoned(h("button", { type: "button", class: "action", id: "whatif-apply", "aria-disabled": String(!d.allowed), onclick: () => change(p.kind, p.role) },
        p.kind === "give" ? "Give it" : "Remove it", " as ", toPlain([w.person(S.actor)])), said.text),
      h("button", { type: "button", class: "action secondary", "data-pin": "canAssign", onclick: () => {
        checks.add({ op: "canAssign", actor: S.actor, role: p.role, scope: S.scope, target: S.user, context: context(), expect: d.allowed ? { allowed: true } : { allowed: false, denial: d.denial } });
        announce(`Pinned: “${said.text.split(". ")[0]}.” is now an expected result under Checks.`);
      } }, "Pin this answer"),
      h("button", { type: "button", class: "action secondary", onclick: () => set({ preview: null }) }, "Close")));
}

// ---------------------------------------------------------------------------------------------
// The model at a glance: the matrix with its conditions, and the inheritance graph

function renderMatrix() {
  const { meta } = S;
  const panel = $("#panel-matrix");
  const m = meta.matrix;
  const byLevel = meta.levels.map((l) => [l, meta.roles.filter((r) => r.level === l.id)]).filter(([, rs]) => rs.length);
  const columns = byLevel.flatMap(([, rs]) => rs);
  const cond = (text) => h("span", { class: "cond", title: "" }, "◆", h("span", { class: "sr-only" }, ` only where ${text}`));
  const cell = (role, perm, r, c) => {
    const i = meta.roleIndex.get(role.id);
    const j = meta.permIndex.get(perm.id);
    const kind = m.cells[i][j] ?? "none";
    const conditional = kind !== "none" && (perm.when || role.when || (m.from[i][j] && meta.role.get(m.from[i][j])?.when));
    const text = kind === "direct" ? "gives it" : kind === "inherited" ? `gives it through ${meta.role.get(m.from[i][j])?.label ?? m.from[i][j]}` : "does not give it";
    const selected = S.cell?.role === role.id && S.cell?.perm === perm.id;
    return h("td", { "data-role": role.id, "data-permission": perm.id, "data-cell": kind, "data-conditional": conditional ? "true" : null },
      h("button", { type: "button", tabindex: selected || (!S.cell && r === 0 && c === 0) ? "0" : "-1", "aria-pressed": String(selected), "data-r": r, "data-c": c,
        "aria-label": `${role.label}, ${perm.label}: ${text}${conditional ? ", with a condition" : ""}` },
      kind === "direct" ? "●" : kind === "inherited" ? "○" : "", conditional ? h("span", { class: "cond", "aria-hidden": "true" }, "◆") : null));
  };
  const rows = [];
  const table = h("table", { class: "matrix", id: "matrix" },
    h("thead", {},
      h("tr", { class: "levels" }, h("th", { rowspan: 2, scope: "col", class: "corner" }, "Permission"),
        byLevel.map(([l, rs]) => h("th", { colspan: rs.length, scope: "colgroup", "data-level": l.id }, l.label))),
      h("tr", { class: "roles" }, columns.map((r) => h("th", { class: "role", scope: "col", "data-role": r.id }, h("span", {}, r.label, r.when ? cond(r.when) : null))))),
    meta.groups.map((g) => h("tbody", { "data-group": g },
      h("tr", { class: "group" }, h("th", { colspan: columns.length + 1, scope: "rowgroup" }, meta.groupLabel(g))),
      meta.perms.filter((p) => p.group === g).map((p) => {
        const r = rows.length;
        rows.push(p);
        return h("tr", { "data-permission": p.id }, h("th", { scope: "row" }, p.label, p.when ? cond(words().condition(p.when)) : null), columns.map((role, c) => cell(role, p, r, c)));
      }))));
  table.addEventListener("click", (e) => {
    const b = e.target.closest("td button");
    if (b) pickCell(b);
  });
  table.addEventListener("keydown", (e) => {
    const b = e.target.closest("td button");
    if (!b) return;
    const move = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] }[e.key];
    if (!move) return;
    e.preventDefault();
    const next = table.querySelector(`button[data-r="${Number(b.dataset.r) + move[0]}"][data-c="${Number(b.dataset.c) + move[1]}"]`);
    if (next) {
      b.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    }
  });
  fill(panel,
    h("p", {}, toNodes([`${m.roles.length} roles, by level, against ${m.permissions.length} permissions, by group. `]),
      h("span", { class: "allowed" }, "● gives it"), " · ", h("span", { class: "inherited" }, "○ gives it through a role it includes"), " · ",
      h("span", { class: "cond" }, "◆"), " only where a condition holds · select a cell for the whole story (arrow keys move)."),
    h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Role matrix (scrolls)" }, table),
    h("section", { id: "cell-why", class: "why", "aria-live": "polite" }, renderCell()),
    h("h3", {}, "How roles include each other"),
    drawGraph(meta, (role) => explainRole(role)),
    h("section", { id: "role-why", class: "why", "aria-live": "polite" }));
  // The role header row sits under the level row when the table scrolls.
  const first = table.querySelector("thead tr.levels");
  table.style.setProperty("--levels-h", `${first.getBoundingClientRect().height}px`);
  // A graph wider than the screen opens on its middle, where the roots are drawn.
  const graph = $("#graph");
  graph.scrollLeft = (graph.scrollWidth - graph.clientWidth) / 2;
}

function pickCell(b) {
  const td = b.closest("td");
  for (const x of document.querySelectorAll("#matrix td button[aria-pressed=true]")) x.setAttribute("aria-pressed", "false");
  for (const x of document.querySelectorAll("#matrix td button[tabindex='0']")) x.tabIndex = -1;
  b.setAttribute("aria-pressed", "true");
  b.tabIndex = 0;
  S.cell = { role: td.dataset.role, perm: td.dataset.permission };
  fill($("#cell-why"), renderCell());
}

function renderCell() {
  if (!S.cell) return h("p", { class: "muted" }, "Select a cell to see why a role gives a permission, or does not.");
  const { meta } = S;
  const w = words();
  const { role, perm } = S.cell;
  const i = meta.roleIndex.get(role);
  const j = meta.permIndex.get(perm);
  const kind = meta.matrix.cells[i]?.[j];
  const from = meta.matrix.from[i]?.[j];
  const r = meta.role.get(role);
  const p = meta.perm.get(perm);
  const lines = [];
  if (kind === "direct") lines.push([w.role(role), " gives ", w.permission(perm), " itself."]);
  else if (kind === "inherited") lines.push([w.role(role), " gives ", w.permission(perm), " through ", w.role(from), ", a role it includes."]);
  else {
    const lowest = meta.lowest(perm);
    lines.push([w.role(role), " does not give ", w.permission(perm), "."]);
    if (lowest.length) lines.push([w.permission(perm), " comes with ", ...lowest.slice(0, 4).flatMap((x, k) => [k ? (k === Math.min(lowest.length, 4) - 1 ? " or " : ", ") : "", w.role(x)]), "."]);
    else lines.push(["No role of this model gives it."]);
  }
  if (kind && p?.when) lines.push(["Only where ", w.condition(p.when), ": elsewhere nobody has it."]);
  if (kind && r?.when) lines.push([w.role(role), " itself exists only where ", w.condition(r.when), "."]);
  if (kind === "inherited" && meta.role.get(from)?.when) lines.push([w.role(from), " exists only where ", w.condition(meta.role.get(from).when), "."]);
  if (kind && p?.requires?.length) lines.push(["It also needs ", ...p.requires.flatMap((q, k) => [k ? " and " : "", w.permission(q)]), " in the same place."]);
  if (kind && p?.level !== "any" && meta.roleDepth(role) < (meta.levelDepth.get(p.level) ?? 0)) lines.push(["It applies on every ", meta.levelLabel(p.level).toLowerCase(), " below where the role is held."]);
  if (kind && p?.level === "any" && from && meta.roleDepth(from) > meta.roleDepth(role)) lines.push(["It applies on every ", meta.levelLabel(meta.role.get(from)?.level).toLowerCase(), " below where the role is held, not on the place itself."]);
  const labels = r?.labels ?? [];
  if (labels.length) lines.push([w.role(role), " is also called ", labels.map((l) => `${l.label} (where ${w.condition(l.when)})`).join(", "), "."]);
  return [
    h("h3", { "data-cell-why": `${role} ${perm}` }, toNodes([w.role(role), " and ", w.permission(perm)])),
    lines.map((l) => h("p", {}, toNodes(l))),
    details("Details for developers", call("matrix().get", role, perm), json({ role, permission: perm, cell: kind ?? null, from: from ?? null, permissionCondition: p?.when ?? null, roleCondition: r?.when ?? null })),
  ];
}

function explainRole(role) {
  const { meta } = S;
  const w = words();
  const r = meta.role.get(role);
  const includes = [...(meta.closure.get(role) ?? [])];
  const includedIn = meta.roles.filter((x) => meta.closure.get(x.id)?.has(role)).map((x) => x.id);
  const box = $("#role-why");
  fill(box,
    h("h3", {}, toNodes([w.role(role), ` (${meta.levelLabel(r.level).toLowerCase()})`])),
    h("p", {}, `Gives ${r.grants.length} permission${r.grants.length === 1 ? "" : "s"} of its own${r.grants.length ? ": " : "."}`, r.grants.map((p) => meta.perm.get(p)?.label ?? p).join(", ")),
    h("p", {}, includes.length ? toNodes(["Includes ", ...includes.flatMap((x, k) => [k ? ", " : "", w.role(x)]), "."]) : "Includes no other role."),
    h("p", {}, includedIn.length ? toNodes(["Included in ", ...includedIn.flatMap((x, k) => [k ? ", " : "", w.role(x)]), "."]) : "No role includes it."),
    r.when ? h("p", {}, `Exists only where ${w.condition(r.when)}.`) : null,
    r.assignRequires ? h("p", {}, toNodes(["Given by people with ", w.permission(r.assignRequires), r.selfAssignable ? "." : "; nobody can give it to themselves."])) : null);
}

// ---------------------------------------------------------------------------------------------
// Your model

let editors = { modelFor: null, dirFor: null, dirEdited: false, filling: 0 };

async function renderModelTab() {
  const start = $("#start-from");
  if (!start.options.length) fill(start, MODELS.map((m) => h("option", { value: m.id }, m.title)));
  start.value = MODELS.some((m) => m.id === S.ws.modelId) ? S.ws.modelId : start.value;
  if (editors.modelFor !== S.ws.modelId + S.ws.dirId) await fillEditors(S.ws.modelId, S.ws.dirId);
}

/**
 * Puts a model and a directory in the editors (the directory: its text, unless it is too big to
 * edit comfortably). The panel is busy while they load; an editor typed in meanwhile keeps what
 * was typed. Of two calls that overlap, the later one fills the editors: returns whether this
 * one did.
 */
async function fillEditors(modelId, dirId) {
  editors.modelFor = S.ws.modelId + S.ws.dirId;
  const call = ++editors.filling;
  const panel = $("#panel-model");
  const [modelBox, dirBox] = [$("#model-text"), $("#directory-text")];
  const was = [modelBox.value, dirBox.value];
  panel.setAttribute("aria-busy", "true");
  try {
    const model = modelId === CUSTOM ? store.get("model.custom") ?? "" : await modelText(modelId);
    const text = /^gen-/.test(dirId) ? "" : await directoryText(modelId, dirId);
    if (call !== editors.filling) return false;
    if (modelBox.value === was[0]) modelBox.value = model;
    if (dirBox.value === was[1]) {
      dirBox.value = text;
      editors.dirEdited = false;
    } else editors.dirEdited = true;
    dirBox.placeholder = /^gen-/.test(dirId) ? "The generated directory is large: use “Put the current directory in the editor” to edit it." : "";
    editors.dirFor = modelId;
    return true;
  } catch (e) {
    // A fill another one has replaced fails quietly: the later one speaks for the editors.
    if (call !== editors.filling) return false;
    throw e;
  } finally {
    if (call === editors.filling) panel.removeAttribute("aria-busy");
  }
}

function showModelMessage(kind, ...content) {
  const box = $("#model-message");
  box.className = `message ${kind}`;
  delete box.dataset.applied;
  fill(box, ...content);
}

async function applyModel() {
  delete $("#model-message").dataset.applied;
  const modelTextValue = $("#model-text").value;
  let dirTextValue = $("#directory-text").value.trim();
  const said = [];
  let doc;
  try {
    doc = JSON.parse(modelTextValue);
  } catch {
    doc = null;
  }
  // The directory box still holds another model's sample: use this model's own, or a starter.
  if (doc && dirTextValue && !editors.dirEdited && editors.dirFor) {
    const names = new Map();
    for (const m of MODELS) names.set(m.id, JSON.parse(await modelText(m.id).catch(() => "{}")).name);
    const was = MODELS.find((m) => m.id === editors.dirFor);
    const own = MODELS.find((m) => doc.name && names.get(m.id) === doc.name);
    if (!(was && doc.name && names.get(was.id) === doc.name)) {
      if (own) {
        dirTextValue = await directoryText(own.id, "sample");
        said.push(`The directory box held the sample for ${was?.title ?? "another model"}: it now holds the sample for ${own.title}.`);
      } else {
        dirTextValue = "";
        said.push(`The directory box held the sample for ${was?.title ?? "another model"}, which does not fit this model.`);
      }
    }
  }
  if (!dirTextValue && /^gen-/.test(S.ws.dirId) && editors.dirFor === S.ws.modelId) {
    // The generated directory is not shown in the box: apply the edited model to it.
    dirTextValue = JSON.stringify(S.engine.exportDirectory());
    said.push("The model was applied to the generated directory on screen.");
  }
  if (!dirTextValue && doc) {
    try {
      dirTextValue = JSON.stringify(starterDirectory(doc), null, 2);
      said.push("The directory was empty: it now holds a starter directory with one person per role.");
    } catch {
      /* the model's own error is reported below */
    }
  }
  const result = await applyModelText(modelTextValue, dirTextValue);
  if (result.error) {
    const e = result.error;
    showModelMessage("error",
      `The ${result.where} was refused: `, h("code", { "data-error-code": e.code ?? "" }, e.code ?? "error"),
      e.path ? [" at ", h("code", { "data-error-path": e.path }, e.path)] : "", ` (${e.message}).`,
      result.where === "directory" && doc ? [" ", h("button", { type: "button", class: "link", id: "use-starter", onclick: () => {
        $("#directory-text").value = JSON.stringify(starterDirectory(doc), null, 2);
        editors.dirEdited = true;
        applyModel();
      } }, "Use a starter directory instead")] : null);
    return;
  }
  if (result.ws.note) said.push(result.ws.note);
  $("#directory-text").value = dirTextValue;
  editors.dirEdited = true;
  editors.dirFor = CUSTOM;
  useWorkspace(result.ws, { u: S.user, s: S.scope, context: S.ctx });
  $("#model-diff").hidden = true;
  editors.modelFor = S.ws.modelId + S.ws.dirId;
  showModelMessage("ok", [...said, `Loaded “${S.meta.name || "your model"}”: ${S.meta.roles.length} roles, ${S.meta.perms.length} permissions, ${S.index.scopes.length} scopes, ${S.index.users.length} people. Every view and the portal demo now follow it, and it stays after a reload.`].join(" "));
  const failing = checks.runAll();
  if (failing) showModelMessage("ok", $("#model-message").textContent, ` ${failing} pinned check${failing === 1 ? "" : "s"} now fail: see Checks.`);
  $("#model-message").dataset.applied = S.ws.modelId;
}

// ---------------------------------------------------------------------------------------------
// Tabs (arrow keys move between them, as the ARIA tabs pattern has it)

function showTab(name, focus = false) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
    if (on && focus) tab.focus();
  }
}

function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const names = tabs.map((t) => t.id.slice(4));
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => set({ tab: names[i] }));
    tab.addEventListener("keydown", (e) => {
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      set({ tab: names[(to + tabs.length) % tabs.length] });
      showTab(names[(to + tabs.length) % tabs.length], true);
    });
  });
}

function pickerOptions(onPick) {
  return {
    users: () => S.index.users,
    holds: (u) => (S.index.byUser.get(u)?.length ?? 0) > 0,
    name: (u) => S.index.name(u),
    onPick,
  };
}

function loadFile(input, target, after) {
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (file) $(target).value = await file.text();
    after?.();
  });
}

async function main() {
  // The runtime and the authoring module (other models, descriptions, the matrix), side by side.
  await Promise.all([init(), loadAuthoring()]);
  setupTabs();
  setupTips($("#tip"));
  if (!matchMedia("(max-width: 900px)").matches) $("#context-box").open = true;
  userPicker = new UserPicker($("#user"), pickerOptions((u) => set({ user: u })));
  $("#scope-toggle").addEventListener("click", () => toggleScopes());
  $("#context").addEventListener("submit", (e) => e.preventDefault());
  $("#model-pick").addEventListener("change", (e) => load({ m: e.target.value, d: e.target.value === CUSTOM ? CUSTOM : "sample", u: S.user, s: S.scope, t: S.tab }));
  $("#dir-pick").addEventListener("change", (e) => load({ m: S.ws.modelId, d: e.target.value, u: S.user, s: S.scope, t: S.tab, context: S.ctx }));
  $("#share").addEventListener("click", async () => {
    const link = await shareLink(S);
    $("#note").dataset.link = link.url;
    try {
      await navigator.clipboard.writeText(link.url);
      note(`${link.text} The link is on your clipboard.`);
    } catch {
      note(`${link.text} Copy it from the address bar.`);
    }
  });
  $("#apply-model").addEventListener("click", applyModel);
  // What the edited model would change, against the one on screen, over its directory.
  $("#diff-model").addEventListener("click", () =>
    renderModelDiff($("#model-diff"), { engine: S.engine, meta: S.meta, afterText: $("#model-text").value, context: context(), name: (u) => S.index.name(u) }));
  $("#model-text").addEventListener("input", () => ($("#model-diff").hidden = true));
  $("#load-start").addEventListener("click", async () => {
    const id = $("#start-from").value;
    if (!(await fillEditors(id, "sample"))) return;
    showModelMessage("ok", `${MODELS.find((m) => m.id === id).title} and its sample directory are in the editors: edit them and apply.`);
  });
  $("#export-directory").addEventListener("click", () => {
    $("#directory-text").value = JSON.stringify(S.engine.exportDirectory(), null, 2);
    editors.dirEdited = true;
  });
  $("#starter-directory").addEventListener("click", () => {
    try {
      $("#directory-text").value = JSON.stringify(starterDirectory(JSON.parse($("#model-text").value)), null, 2);
      editors.dirEdited = true;
      showModelMessage("ok", "A starter directory for the model in the editor: one person per role. Apply to use it.");
    } catch (e) {
      showModelMessage("error", `The model in the editor is not usable yet (${e.message}).`);
    }
  });
  $("#directory-text").addEventListener("input", () => (editors.dirEdited = true));
  loadFile($("#model-file"), "#model-text");
  loadFile($("#directory-file"), "#directory-text", () => (editors.dirEdited = true));
  window.addEventListener("hashchange", () => fromHash());
  await fromHash();
  document.body.dataset.ready = "yes";
}

main().catch((e) => {
  console.error(e);
  document.querySelector("main").prepend(h("p", { class: "message error" }, `The explorer could not start: ${e.message}`));
});
