// The role explorer. Every answer on this page comes from the engine, computed in the browser;
// nothing here names a role or a permission of any model: labels, groups and context keys come
// from `describe()`, and which permissions are askable at a scope from the engine.
import init, { Engine } from "./pkg/index.web.mjs";

const $ = (selector) => document.querySelector(selector);

/** A small element builder: `h("button", { class: "x", onclick }, "text", child)`. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "value" || key === "disabled") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) el.append(child);
  return el;
}

/** Replaces an element's children, flattening nested lists and skipping empty ones. */
function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

let uid = 0;
/** Marks an element with a reason shown on hover and focus, and read by screen readers. */
function withTip(el, text) {
  const id = `tip-text-${++uid}`;
  el.dataset.tip = text;
  el.setAttribute("aria-describedby", id);
  el.append(h("span", { id, class: "sr-only" }, text));
  return el;
}

// ---------------------------------------------------------------------------------------------
// What the page knows about the model: the engine's answers plus the model's own labels.

/** Context keys with the values worth offering: those the model's conditions compare them with,
 * one just below each version threshold (to see the condition flip), and the default. */
function contextKeys(info) {
  return info.context.map((c) => {
    const values = new Set(c.values);
    if (c.version) {
      for (const v of c.values) values.add(v.replace(/(\d+)$/, (n) => (Number(n) > 0 ? String(Number(n) - 1) : n)));
    }
    if (c.default !== null) values.add(c.default);
    return { key: c.key, label: c.label, default: c.default ?? undefined, values, version: c.version };
  });
}

/** What the page shows about the model, all from the engine: `describe()`, `roles()`, `matrix()`. */
function describe(engine) {
  const info = engine.describe();
  const roles = engine.roles();
  const matrix = engine.matrix();
  const byId = new Map(info.permissions.map((p) => [p.id, p]));
  const perms = matrix.permissions.map((id) => {
    const p = byId.get(id);
    return { id, label: p.label, group: p.group ?? id.split(".")[0], level: p.level, portal: p.portal };
  });
  return {
    name: info.name,
    perms,
    perm: new Map(perms.map((p) => [p.id, p])),
    groups: [...new Set(perms.map((p) => p.group))],
    levels: info.levels.map((l) => ({ id: l.id, label: l.label })),
    chain: engine.levels, // scoped levels, by path depth
    roles,
    matrix,
    context: contextKeys(info),
  };
}

// ---------------------------------------------------------------------------------------------
// State. Views are pure functions of it and re-render together after every change.

const state = {
  engine: null,
  meta: null,
  dir: null, // engine.exportDirectory(), refreshed after every change
  users: [],
  user: "",
  scope: "",
  actor: "",
  permission: "", // the "who can" permission
  why: "", // the permission whose grant paths the user view shows
  editStatus: "", // the outcome of the last assign or revoke
  editError: false,
};

const context = () => {
  const out = {};
  for (const k of state.meta.context) {
    const v = document.getElementById(`ctx-${k.key}`)?.value ?? "";
    if (v !== "") out[k.key] = v;
  }
  return Object.keys(out).length ? out : undefined;
};

const levelOf = (scope) => state.meta.chain[scope.split("/").length - 1] ?? "";
const levelLabel = (id) => state.meta.levels.find((l) => l.id === id)?.label ?? id;
const groupLabel = (g) => g.charAt(0).toUpperCase() + g.slice(1);

function roleLabel(role, scope) {
  try {
    return state.engine.roleLabel(role, scope);
  } catch {
    return role;
  }
}

/** Permissions that can be asked about at the scope, in model order (the engine says which). */
function askable(view) {
  return state.meta.perms.filter((p) => {
    try {
      view.has(p.id);
      return true;
    } catch (e) {
      if (e.code === "level_mismatch") return false;
      throw e;
    }
  });
}

function grantPath(g) {
  const chain = g.via?.length ? [...g.via] : [g.role];
  if (chain[0] !== g.role) chain.unshift(g.role);
  const [held, ...rest] = chain.map((r) => roleLabel(r, g.scope));
  return `${held} at ${g.scope}${g.default ? " (group default)" : ""}${rest.map((r) => ` → ${r}`).join("")}`;
}

function refreshDirectory() {
  state.dir = state.engine.exportDirectory();
  const users = new Set();
  for (const list of Object.values(state.dir.members)) list.forEach((u) => users.add(u));
  for (const a of state.dir.assignments) users.add(a.user);
  state.users = [...users].sort();
}

/** A new engine (and model description) replaces the old one; selections are kept where valid. */
function useEngine(engine) {
  state.engine?.free();
  state.engine = engine;
  state.meta = describe(engine);
  refreshDirectory();
  if (!state.users.includes(state.user)) state.user = state.users[0] ?? "";
  if (!state.dir.scopes.includes(state.scope)) {
    const first = state.dir.assignments.find((a) => a.user === state.user);
    state.scope = first?.scope ?? state.dir.scopes[0] ?? "";
  }
  if (!state.users.includes(state.actor)) {
    // The holder of the highest assignment: the natural administrator of a sample directory.
    const top = [...state.dir.assignments].sort((a, b) => a.scope.split("/").length - b.scope.split("/").length)[0];
    state.actor = top?.user ?? state.users[0] ?? "";
  }
  if (!state.meta.perm.has(state.permission)) state.permission = "";
  if (!state.meta.perm.has(state.why)) state.why = "";
  $("#model-name").textContent = state.meta.name || "(unnamed)";
  renderContextForm();
  renderMatrix();
  renderAll();
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderAll() {
  // Views are rebuilt, so keep the keyboard focus on the control that stands for the same thing.
  const key = focusKey(document.activeElement);
  renderSide();
  renderView();
  renderWho();
  renderEdit();
  if (key && document.activeElement !== document.querySelector(key)) document.querySelector(key)?.focus();
}

function focusKey(el) {
  if (!el || el === document.body) return null;
  if (el.id) return `#${CSS.escape(el.id)}`;
  const within = el.closest("[id]");
  for (const attr of ["data-permission", "data-scope", "data-assign", "data-revoke"]) {
    if (within && el.hasAttribute(attr)) return `#${CSS.escape(within.id)} [${attr}="${CSS.escape(el.getAttribute(attr))}"]`;
  }
  return null;
}

function renderContextForm() {
  const form = $("#context");
  fill(form);
  for (const k of state.meta.context) {
    const id = `ctx-${k.key}`;
    const values = [...k.values].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    let control;
    if (k.version || values.length === 0) {
      control = h("input", { type: "text", id, value: k.default ?? "", list: `${id}-list`, placeholder: "not set", autocomplete: "off" });
      form.append(h("datalist", { id: `${id}-list` }, values.map((v) => h("option", { value: v }))));
    } else {
      control = h("select", { id }, h("option", { value: "" }, k.default !== undefined ? `default (${k.default})` : "not set"),
        values.map((v) => h("option", { value: v, selected: v === k.default }, v)));
    }
    control.addEventListener(control.tagName === "INPUT" ? "input" : "change", renderAll);
    form.append(h("div", {}, h("label", { for: id }, k.label), control));
  }
}

function renderSide() {
  const select = $("#user");
  fill(select, ...state.users.map((u) => h("option", { value: u }, u)));
  select.value = state.user;
  const tree = $("#scopes");
  const nodes = new Map();
  const roots = [];
  for (const path of state.dir.scopes) {
    const i = path.lastIndexOf("/");
    const node = { path, name: path.slice(i + 1), children: [] };
    nodes.set(path, node);
    (i < 0 ? roots : nodes.get(path.slice(0, i))?.children ?? roots).push(node);
  }
  const item = (node) =>
    h("li", {},
      h("button", { type: "button", "data-scope": node.path, "aria-current": node.path === state.scope ? "true" : "false",
        onclick: () => select_({ scope: node.path }) },
        h("span", {}, node.name), h("span", { class: "lvl" }, levelLabel(levelOf(node.path)))),
      node.children.length ? h("ul", {}, node.children.map(item)) : null);
  fill(tree, ...roots.map(item));
  if (!roots.length) tree.append(h("li", { class: "muted" }, "no scopes"));
}

function select_(change) {
  Object.assign(state, change);
  renderAll();
}

function permButton(p, view, ctx, cls) {
  const held = view.has(p.id);
  const d = state.engine.explain(state.user, p.id, state.scope, ctx);
  const el = h("button", { type: "button", class: cls, "data-permission": p.id, "aria-disabled": String(!held),
    "aria-pressed": String(state.why === p.id), onclick: () => select_({ why: p.id }) },
    p.label, h("small", {}, p.id));
  return withTip(el, d.reason);
}

function renderView() {
  const panel = $("#panel-view");
  const { engine, user, scope } = state;
  if (!user || !scope) {
    fill(panel, h("p", {}, "This directory has no users or no scopes: load one under “Your model”."));
    return;
  }
  const ctx = context();
  const view = engine.view(user, scope, ctx); // one snapshot answers every button below
  const perms = askable(view);
  const held = state.dir.assignments.filter((a) => a.user === user && (scope === a.scope || scope.startsWith(`${a.scope}/`)));
  const portals = perms.filter((p) => p.portal);
  const groups = state.meta.groups
    .map((g) => [g, perms.filter((p) => !p.portal && p.group === g)])
    .filter(([, list]) => list.length);

  fill(panel,
    h("h2", { "data-user": user, "data-scope": scope }, user, h("span", { class: "muted" }, " at "), h("code", {}, scope),
      h("span", { class: "muted" }, ` (${levelLabel(levelOf(scope))})`)),
    h("p", { class: "muted" }, `${view.list().length} of ${perms.length} permissions askable here are held. Hover or focus a permission for the engine's reason; select it for every grant path.`),
    h("h3", {}, "Roles on this path"),
    held.length
      ? h("ul", { class: "chips" }, held.map((a) => h("li", {}, `${roleLabel(a.role, a.scope)} at ${a.scope}`)))
      : h("p", { class: "muted" }, "No role assigned on this path."),
    portals.length ? [h("h3", {}, "Portals"), h("div", { class: "tiles" }, portals.map((p) => permButton(p, view, ctx, "tile")))] : null,
    groups.map(([g, list]) => [h("h3", {}, groupLabel(g)), h("div", { class: "buttons" }, list.map((p) => permButton(p, view, ctx, "perm")))]),
    renderWhy(perms, ctx),
    renderPortals(ctx),
  );
}

function renderWhy(perms, ctx) {
  const p = perms.find((x) => x.id === state.why);
  if (!p) return h("div", { class: "why muted" }, "Select a permission above to see its decision and every grant path.");
  const d = state.engine.explain(state.user, p.id, state.scope, ctx);
  return h("div", { class: "why", "data-why": p.id },
    h("h2", {}, p.label, " ", h("code", {}, p.id), ": ", h("span", { class: d.allowed ? "allowed" : "denied" }, d.allowed ? "allowed" : "denied"),
      d.denial ? h("span", { class: "muted" }, ` (${d.denial})`) : null),
    h("p", {}, d.reason),
    d.grants.length ? h("ol", { class: "paths" }, d.grants.map((g) => h("li", {}, grantPath(g)))) : null);
}

function renderPortals(ctx) {
  const list = state.engine.portals(state.user, ctx);
  return h("details", { class: "why" },
    h("summary", {}, `Where ${state.user} can use each portal (portals())`),
    list.length
      ? h("table", { class: "list" }, list.map((x) =>
          h("tr", {}, h("th", {}, state.meta.perm.get(x.portal)?.label ?? x.portal), h("td", {}, x.scopes.join(", ")))))
      : h("p", { class: "muted" }, "No portal anywhere."));
}

function renderWho() {
  const panel = $("#panel-who");
  const { engine, scope } = state;
  if (!scope) {
    fill(panel, h("p", {}, "No scope to ask about."));
    return;
  }
  const ctx = context();
  const here = new Set(askable(engine.view(state.user, scope, ctx)).map((p) => p.id));
  if (!state.permission || !here.has(state.permission)) state.permission = state.meta.perms.find((p) => here.has(p.id) && !p.portal)?.id ?? [...here][0] ?? "";
  const select = h("select", { id: "who-permission", onchange: (e) => select_({ permission: e.target.value }) },
    state.meta.groups.map((g) =>
      h("optgroup", { label: groupLabel(g) }, state.meta.perms.filter((p) => p.group === g).map((p) =>
        h("option", { value: p.id, selected: p.id === state.permission, disabled: !here.has(p.id) }, `${p.label} (${p.id})`)))));
  let result;
  try {
    const users = engine.whoCan(state.permission, scope, ctx);
    result = [
      h("p", { "data-count": users.length }, `${users.length} user${users.length === 1 ? "" : "s"} can `,
        h("strong", {}, state.meta.perm.get(state.permission)?.label ?? state.permission), " at ", h("code", {}, scope), "."),
      h("table", { class: "list", id: "who-result" },
        users.map((u) => {
          const d = engine.explain(u, state.permission, scope, ctx);
          return h("tr", { "data-user": u }, h("th", {}, u), h("td", {}, h("ul", { class: "paths" }, d.grants.map((g) => h("li", {}, grantPath(g))))));
        })),
    ];
  } catch (e) {
    result = h("p", { class: "message error" }, `${e.code ?? "error"}: ${e.message}`);
  }
  fill(panel,
    h("div", { class: "row" }, h("label", { for: "who-permission" }, "Permission"), select,
      h("span", { class: "muted" }, "at the scope selected on the left; permissions of other levels are greyed out.")),
    result);
}

function renderEdit() {
  const { engine, user, scope, actor } = state;
  if (!user || !scope) {
    fill($("#edit-head"), h("p", {}, "No user or scope to edit."));
    fill($("#edit-body"));
    return;
  }
  const rows = [];
  for (const role of state.meta.roles) {
    let d;
    try {
      d = engine.canAssign(actor, role.id, scope, user);
    } catch (e) {
      if (e.code === "level_mismatch") continue; // not a role of this scope
      throw e;
    }
    const holds = state.dir.assignments.some((a) => a.user === user && a.role === role.id && a.scope === scope);
    const button = holds
      ? h("button", { type: "button", class: "action secondary", "data-revoke": role.id, onclick: () => change("revoke", role.id) }, "Revoke")
      : h("button", { type: "button", class: "action", "data-assign": role.id, "aria-disabled": String(!d.allowed), onclick: () => change("assign", role.id) }, "Assign");
    rows.push(h("tr", { "data-role": role.id, "data-allowed": String(d.allowed) },
      h("th", {}, roleLabel(role.id, scope), h("br"), h("small", { class: "mono" }, role.id)),
      h("td", {}, holds ? h("strong", {}, "held") : ""),
      h("td", {}, h("span", { class: d.allowed ? "allowed" : "denied" }, d.allowed ? "may assign" : "refused"), h("br"), h("small", {}, d.reason)),
      h("td", {}, button)));
  }
  const actorSelect = h("select", { id: "actor", onchange: (e) => select_({ actor: e.target.value }) },
    state.users.map((u) => h("option", { value: u }, u)));
  actorSelect.value = actor;
  fill($("#edit-head"), h("div", { class: "row" }, h("label", { for: "actor" }, "Acting user"), actorSelect,
    h("span", {}, "changes the roles of ", h("strong", {}, user), " at ", h("code", {}, scope), " (chosen on the left).")));
  const status = $("#edit-status"); // static, so that screen readers announce its changes
  status.className = `message ${state.editError ? "error" : "ok"}`;
  status.textContent = state.editStatus;
  fill($("#edit-body"), rows.length
    ? h("table", { class: "list" }, h("thead", {}, h("tr", {}, h("th", {}, "Role"), h("th", {}, ""), h("th", {}, "canAssign"), h("th", {}, ""))), h("tbody", {}, rows))
    : h("p", { class: "muted" }, "No role can be held at this scope."));
}

function change(kind, role) {
  const { engine, user, scope, actor } = state;
  try {
    if (kind === "assign") engine.assign(user, role, scope, actor);
    else engine.revoke(user, role, scope, actor);
    state.editError = false;
    state.editStatus = `${actor} ${kind === "assign" ? "assigned" : "revoked"} ${roleLabel(role, scope)} ${kind === "assign" ? "to" : "from"} ${user} at ${scope}.`;
  } catch (e) {
    state.editError = true;
    state.editStatus = `Refused (${e.code}): ${e.message}`;
  }
  refreshDirectory();
  renderAll();
  // Keep the keyboard on this role's row, whichever button (assign or revoke) it now has.
  $(`#edit-body tr[data-role="${CSS.escape(role)}"] button`)?.focus();
}

function renderMatrix() {
  const { meta } = state;
  const m = meta.matrix;
  const roleIndex = new Map(m.roles.map((r, i) => [r, i]));
  const permIndex = new Map(m.permissions.map((p, j) => [p, j]));
  const byLevel = meta.levels.map((l) => [l, meta.roles.filter((r) => r.level === l.id)]).filter(([, rs]) => rs.length);
  const columns = byLevel.flatMap(([, rs]) => rs);
  const cell = (role, perm) => {
    const i = roleIndex.get(role.id);
    const j = permIndex.get(perm.id);
    const kind = m.cells[i][j] ?? "none";
    const from = m.from[i][j];
    const text = kind === "direct" ? "direct" : kind === "inherited" ? `inherited from ${meta.roles.find((r) => r.id === from)?.label ?? from} (${from})` : "none";
    return h("td", { "data-role": role.id, "data-permission": perm.id, "data-cell": kind, title: `${role.label} · ${perm.id}: ${text}` },
      kind === "direct" ? "●" : kind === "inherited" ? "○" : "", h("span", { class: "sr-only" }, text));
  };
  fill($("#panel-matrix"),
    h("p", {}, `Model `, h("code", {}, meta.name || "(unnamed)"), `: ${m.roles.length} roles by level against ${m.permissions.length} permissions by group. `,
      h("span", { class: "allowed" }, "● direct"), " · ", h("span", { style: "color: var(--accent)" }, "○ inherited"), " (hover for the role it comes from) · empty: none. Conditions aside: the other views apply them."),
    h("div", { class: "scroll" },
      h("table", { class: "matrix", id: "matrix" },
        h("thead", {},
          h("tr", {}, h("th", { rowspan: 2, scope: "col" }, "Permission"),
            byLevel.map(([l, rs]) => h("th", { colspan: rs.length, scope: "colgroup", "data-level": l.id }, l.label))),
          h("tr", {}, columns.map((r) => h("th", { class: "role", scope: "col", "data-role": r.id, title: r.id }, r.label)))),
        meta.groups.map((g) =>
          h("tbody", { "data-group": g },
            h("tr", { class: "group" }, h("th", { colspan: columns.length + 1, scope: "rowgroup" }, groupLabel(g))),
            meta.perms.filter((p) => p.group === g).map((p) =>
              h("tr", {}, h("th", { scope: "row", title: p.id }, p.label, " ", h("small", { class: "muted mono" }, p.id)), columns.map((r) => cell(r, p)))))))));
}

// ---------------------------------------------------------------------------------------------
// Tabs (arrow keys move between them, as the ARIA tabs pattern has it), tooltips, model input.

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
    tab.addEventListener("click", () => showTab(names[i]));
    tab.addEventListener("keydown", (e) => {
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      showTab(names[(to + tabs.length) % tabs.length], true);
    });
  });
  showTab("view");
}

function setupTips() {
  const tip = $("#tip");
  const show = (e) => {
    const el = e.target.closest?.("[data-tip]");
    if (!el) return;
    tip.textContent = el.dataset.tip;
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const top = r.bottom + 6 + tip.offsetHeight > innerHeight ? r.top - tip.offsetHeight - 6 : r.bottom + 6;
    tip.style.left = `${Math.max(4, Math.min(r.left, innerWidth - tip.offsetWidth - 4))}px`;
    tip.style.top = `${Math.max(4, top)}px`;
  };
  const hide = (e) => {
    if (e.target.closest?.("[data-tip]")) tip.hidden = true;
  };
  document.addEventListener("mouseover", show);
  document.addEventListener("focusin", show);
  document.addEventListener("mouseout", hide);
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", (e) => e.key === "Escape" && (tip.hidden = true));
}

function showModelMessage(kind, ...content) {
  const box = $("#model-message");
  box.className = `message ${kind}`;
  fill(box, ...content);
}

function applyModel() {
  const modelText = $("#model-text").value;
  const dirText = $("#directory-text").value.trim();
  let engine;
  let where = "model";
  try {
    Engine.fromModel(modelText).free(); // first the model alone, to say which input is wrong
    where = "directory";
    engine = Engine.fromModel(modelText, dirText === "" ? undefined : dirText);
  } catch (e) {
    showModelMessage("error",
      `The ${where} was refused: `, h("code", { "data-error-code": e.code ?? "" }, e.code ?? "error"),
      e.path ? [" at ", h("code", { "data-error-path": e.path }, e.path)] : "", ` (${e.message}).`);
    return;
  }
  useEngine(engine);
  showModelMessage("ok", `Loaded model “${state.meta.name || "(unnamed)"}”: ${state.meta.roles.length} roles, ${state.meta.perms.length} permissions, ` +
    `${state.dir.scopes.length} scopes, ${state.users.length} users. Every view now follows it.`);
}

function loadFile(input, target) {
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (file) $(target).value = await file.text();
  });
}

// ---------------------------------------------------------------------------------------------

async function text(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

async function main() {
  await init();
  // The default model's file only fills the editor, as a start for your own; the engine embeds
  // the same model and everything shown comes from it.
  const [modelText, dirText] = await Promise.all([text("./default-model.json").catch(() => ""), text("./sample-directory.json")]);
  const reset = () => {
    $("#model-text").value = modelText;
    $("#directory-text").value = dirText;
    useEngine(Engine.bizagi(dirText));
  };
  setupTabs();
  setupTips();
  $("#user").addEventListener("change", (e) => select_({ user: e.target.value }));
  $("#context").addEventListener("submit", (e) => e.preventDefault());
  $("#apply-model").addEventListener("click", applyModel);
  $("#reset-model").addEventListener("click", () => {
    reset();
    showModelMessage("ok", "Back to the default model and the sample directory.");
  });
  $("#export-directory").addEventListener("click", () => {
    $("#directory-text").value = JSON.stringify(state.engine.exportDirectory(), null, 2);
  });
  loadFile($("#model-file"), "#model-text");
  loadFile($("#directory-file"), "#directory-text");
  reset();
  document.body.dataset.ready = "yes";
}

main().catch((e) => {
  console.error(e);
  document.querySelector("main").prepend(h("p", { class: "message error" }, `The explorer could not start: ${e.message}`));
});
