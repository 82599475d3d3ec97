// The portal demo: a product UI gated by rolecascade, for whichever model and directory the role
// explorer chose (the same address and browser storage; see shared/workspace.mjs).
//
// The pattern to copy into your own UI is `gate()`: take ONE `view()` snapshot for the place on
// screen, let the markup say which permission each control needs (`data-permission`), and gate
// them all from that snapshot; `view.has()` runs in JavaScript, so a page of controls costs one
// wasm call. A control that is off stays focusable and says why (on hover and on focus).
//
// Portals are judged where they live: the portal bar offers a portal wherever the person can use
// it (`portals()`), and opening one lists exactly those places.
import init, { loadAuthoring } from "./pkg/index.web.mjs";
import { $, h, fill, toNodes, setupTips, reasoned } from "./shared/dom.mjs";
import { readHash, hashOf, openWorkspace } from "./shared/workspace.mjs";
import { readModel, DirectoryIndex, depthOf, ancestorAt, lastSegment, isWithin } from "./shared/model.mjs";
import { Words } from "./shared/words.mjs";
import { UserPicker } from "./shared/picker.mjs";
import { ScopeTree } from "./shared/tree.mjs";

let engine;
let meta;
let index;
let ws;
let context;
let user = "";
let scope = "";
let portal = ""; // the open portal (a portal permission), or "" for all workspaces
let usable = new Set(); // places where the signed-in person can do anything
let where = new Map(); // portal -> places where they can use it
let tree;
let picker;

const words = () => new Words(engine, meta, index, context, user);
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** Enables exactly the controls under `root` whose permission the snapshot holds; the others say why. */
function gate(root, view, why) {
  for (const el of root.querySelectorAll("[data-permission]")) {
    const on = view.has(el.dataset.permission);
    el.setAttribute("aria-disabled", String(!on));
    reasoned(el, why(el.dataset.permission, on)).slice(1).forEach((note) => el.after(note));
  }
}

/**
 * Where the person can do anything: a place at or below one of their assignments or member
 * lists (nothing is held elsewhere), with a non-empty view. One view per candidate place.
 */
function usablePlaces() {
  const roots = new Set([...(index.byUser.get(user) ?? []).map((a) => a.scope), ...index.memberOf(user)]);
  const out = new Set();
  const seen = new Set();
  for (const r of roots) {
    for (const s of index.subtree(r)) {
      if (seen.has(s)) continue;
      seen.add(s);
      if (engine.view(user, s, context).list().length) out.add(s);
    }
  }
  return out;
}

function signIn(who) {
  user = who;
  picker.set(user);
  fill($("#status"));
  $("#opened").hidden = true;
  usable = usablePlaces();
  where = new Map(engine.portals(user, context).map((x) => [x.portal, new Set(x.scopes)]));
  const portals = meta.perms.filter((p) => p.portal);
  if (!where.has(portal)) portal = portals.find((p) => where.has(p.id))?.id ?? "";
  const first = index.scopes.find((s) => usable.has(s));
  $("#brand").textContent = capital(lastSegment(first ? ancestorAt(first, 0) : index.scopes[0] ?? "cloud"));
  renderPortals();
  openPortal(portal, scope);
}

function renderPortals() {
  const w = words();
  const bar = $("#portals");
  const all = h("button", { type: "button", "data-portal": "", "aria-pressed": String(portal === ""), onclick: () => openPortal("", scope) }, "All workspaces");
  const buttons = meta.perms.filter((p) => p.portal).map((p) => {
    const places = where.get(p.id);
    let why;
    if (places) why = `Open ${p.label}: you can use it in ${places.size} place${places.size === 1 ? "" : "s"}.`;
    else {
      const lowest = meta.lowest(p.id);
      why = `You can't use ${p.label} anywhere yet. ${lowest.length ? `It comes with ${lowest.slice(0, 3).map((r) => w.roleLabel(r)).join(" or ")}${lowest.length > 3 ? " or another role" : ""}: ask someone who manages your workspaces.` : "No role gives it."}`;
      if (p.when) why += ` It exists only where ${w.condition(p.when)}.`;
    }
    return reasoned(h("button", { type: "button", "data-portal": p.id, "aria-pressed": String(portal === p.id), "aria-disabled": String(!places),
      onclick: () => (places ? openPortal(p.id, scope) : say([why])) }, p.label), why);
  });
  fill(bar, all, buttons);
}

/** Opens a portal: the navigation lists where the person can use it, the page shows one of those places. */
function openPortal(id, prefer) {
  portal = id;
  for (const b of document.querySelectorAll("#portals [data-portal]")) b.setAttribute("aria-pressed", String(b.dataset.portal === portal));
  const places = portal ? where.get(portal) ?? new Set() : usable;
  $("#brand-portal").textContent = portal ? meta.perm.get(portal).label : "";
  $("#nav-heading").textContent = portal ? `${meta.perm.get(portal).label}: where you can use it` : "Your workspaces";
  tree.reset((p) => places.has(p));
  if (places.size <= 200) tree.expandAll();
  $("#nav-search").value = "";
  tree.filter("");
  const next = places.has(prefer) ? prefer : index.scopes.find((s) => places.has(s)) ?? "";
  show(next);
}

/** One place: its name, where it sits, and its controls gated by one view. */
function show(path) {
  scope = path ?? "";
  tree.select(scope);
  $("#opened").hidden = true;
  writeHash();
  const page = $("#page");
  const w = words();
  if (!scope) {
    fill($("#crumbs"));
    fill($("#page-title"), "Nothing here for you yet");
    fill(page, h("p", {}, "You hold no role anywhere in this directory. Ask an administrator of your company to invite you to a workspace."));
    return;
  }
  const level = meta.levelOfScope(scope);
  const depth = depthOf(scope);
  fill($("#crumbs"), scope.split("/").slice(0, -1).map((seg, i) => {
    const p = ancestorAt(scope, i);
    return [usable.has(p) ? h("a", { href: "#", "data-scope": p, onclick: (e) => { e.preventDefault(); show(p); } }, seg) : h("span", {}, seg), h("span", { "aria-hidden": "true" }, " › ")];
  }));
  fill($("#page-title"), lastSegment(scope), " ", h("span", { class: "level" }, meta.levelLabel(level)));

  // The controls of this level, grouped as the model groups them; a feature that does not exist
  // here (its condition is false, whoever asks) is left out and named below. Portals are judged
  // where they live: here or anywhere below.
  const askable = (p) => p.level === "any" || p.level === level;
  const missing = (p) => engine.explain(user, p.id, scope, context).denial === "unavailable";
  const levelPerms = meta.perms.filter((p) => !p.portal && (p.level === level || p.level === "any"));
  const own = levelPerms.filter((p) => !missing(p));
  const absent = levelPerms.filter((p) => missing(p));
  const groups = meta.groups.map((g) => [g, own.filter((p) => p.group === g)]).filter(([, list]) => list.length);
  const portals = meta.perms.filter((p) => p.portal && ([...(where.get(p.id) ?? [])].some((s) => isWithin(s, scope)) || (askable(p) && !missing(p))));
  const control = (p) => h("button", { type: "button", class: "control", "data-permission": p.id, onclick: (e) => activate(e.currentTarget, p) }, p.label);
  fill(page,
    h("div", { class: "cards" },
      groups.map(([g, list]) => h("section", { class: "card", "aria-labelledby": `card-${g.replace(/\W+/g, "-")}` },
        h("h3", { id: `card-${g.replace(/\W+/g, "-")}` }, meta.groupLabel(g)),
        h("div", { class: "controls" }, list.map(control)))),
      portals.length ? h("section", { class: "card", "aria-labelledby": "card-portals" }, h("h3", { id: "card-portals" }, "Open in"),
        h("div", { class: "controls" }, portals.map((p) => {
          const below = [...(where.get(p.id) ?? [])].filter((s) => isWithin(s, scope));
          const said = below.length ? null : w.decision(user, p.id, scope);
          const why = below.length
            ? `Open ${p.label} ${below.includes(scope) ? "here" : `in ${below.length === 1 ? lastSegment(below[0]) : `one of ${below.length} places below`}`}.`
            : said.text;
          return reasoned(h("button", { type: "button", class: "control portal", "data-portal-here": p.id, "aria-disabled": String(!below.length),
            onclick: () => (below.length ? openPortal(p.id, below.includes(scope) ? scope : below[0]) : say([why])) }, p.label), why);
        }))) : null),
    absent.length ? h("p", { class: "muted absent" }, `Not offered here: ${absent.map((p) => `${p.label} (only where ${w.condition(p.when ?? "")})`).join("; ")}.`) : null);
  const view = engine.view(user, scope, context); // ONE snapshot for every control on the page
  gate(page, view, (permission, on) => (on ? `Open ${meta.perm.get(permission).label}.` : w.decision(user, permission, scope).text));
  page.dataset.scope = scope;
  page.dataset.depth = depth;
}

function activate(el, p) {
  const w = words();
  if (el.getAttribute("aria-disabled") === "true") {
    const said = w.decision(user, p.id, scope);
    say([...said.headline, ...said.lines.flatMap((l) => [" ", ...l]), ...(said.fix.length ? [" ", ...said.fix] : [])]);
    return;
  }
  const opened = $("#opened");
  opened.hidden = false;
  fill(opened, h("h3", {}, p.label), h("p", {}, `This is where ${p.label} would open for ${lastSegment(scope)}.`));
  say([`Opened ${p.label} on `, w.scope(scope), "."]);
}

function toggleNav(open) {
  const button = $("#nav-toggle");
  const want = open ?? button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(want));
  button.textContent = want ? "Hide" : "Show";
  $(".side").classList.toggle("nav-open", want);
}

function say(parts) {
  fill($("#status"), toNodes(parts));
}

function writeHash() {
  const hash = hashOf({ m: ws.modelId, d: ws.dirId, u: user, s: scope, po: portal, context: context ?? {} });
  if (hash !== location.hash) history.replaceState(null, "", hash);
  $("#to-explorer").href = `./${hashOf({ m: ws.modelId, d: ws.dirId, u: user, s: scope, context: context ?? {} })}`;
}

// Starts begun: one that finishes after a later one began is dropped (the later one is what the
// address asks for now).
let starts = 0;

async function start() {
  const mine = ++starts;
  const opened = await openWorkspace(readHash());
  if (mine !== starts) {
    opened.engine.free();
    return;
  }
  // The person, scope, portal and context as the address names them now: it may have changed
  // while the workspace opened.
  const want = readHash();
  ws = opened;
  engine?.free();
  engine = ws.engine;
  meta = readModel(engine);
  index = new DirectoryIndex(engine.exportDirectory(), meta);
  const ctx = Object.fromEntries(meta.context.filter((k) => want.context[k.key]).map((k) => [k.key, want.context[k.key]]));
  context = Object.keys(ctx).length ? ctx : undefined;
  const note = $("#note");
  note.className = ws.note ? "message error" : "message ok";
  note.textContent = ws.note || (context ? `Request context: ${Object.entries(context).map(([k, v]) => `${meta.contextKey.get(k)?.label ?? k}: ${v}`).join(", ")}.` : "");
  if (!tree) {
    tree = new ScopeTree($("#nav"), $("#nav-search"), { index, label: (p) => meta.levelLabel(meta.levelOfScope(p)), onPick: (p) => {
      show(p);
      if (matchMedia("(max-width: 900px)").matches) toggleNav(false); // on a phone, the page comes next
    }, show: () => true });
  } else tree.use(index, () => true);
  if (!picker) {
    picker = new UserPicker($("#who"), {
      users: () => index.users,
      holds: (u) => (index.byUser.get(u)?.length ?? 0) > 0,
      name: (u) => index.name(u),
      onPick: (u) => signIn(u),
    });
  }
  if (want.po !== undefined) portal = want.po;
  scope = want.s ?? "";
  signIn(want.u && index.userSet.has(want.u) ? want.u : index.users[0] ?? "");
}

// Browsers only: fetches the runtime and the authoring module (labels, descriptions) side by side.
await Promise.all([init(), loadAuthoring()]);
setupTips($("#tip"));
$("#nav-toggle").addEventListener("click", () => toggleNav());
window.addEventListener("hashchange", () => {
  const want = readHash();
  if ((want.m ?? ws.modelId) !== ws.modelId || (want.d ?? ws.dirId) !== ws.dirId) start();
  else if (want.u && want.u !== user && index.userSet.has(want.u)) signIn(want.u);
});
await start();
document.body.dataset.ready = "yes";
