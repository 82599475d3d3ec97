// The pattern to copy into your own UI: take ONE `view()` snapshot for the scope on screen, let
// the markup say which permission each control needs (`data-permission`), and gate them all from
// that snapshot. `view.has()` runs in JavaScript, so a page of buttons costs one wasm call.
import init, { Engine } from "./pkg/index.web.mjs";

await init(); // browsers only: fetches rolecascade_core_bg.wasm next to the module
const directory = await (await fetch("./sample-directory.json")).json();
const engine = Engine.bizagi(directory); // the embedded default model; yours: Engine.fromModel(model, directory)

/** Enables exactly the controls under `root` whose permission the snapshot holds. */
function gate(root, view) {
  for (const el of root.querySelectorAll("[data-permission]")) {
    el.disabled = !view.has(el.dataset.permission);
  }
}

const { scopes, members } = engine.exportDirectory();
const users = [...new Set(Object.values(members).flat())].sort();
const who = document.getElementById("who");
who.append(...users.map((u) => new Option(u, u)));

let views = new Map(); // scope -> the signed-in user's snapshot there
let current = "";

function signIn(user) {
  // One snapshot per scope, taken once: the navigation and every page below read only these.
  views = new Map(scopes.map((s) => [s, engine.view(user, s)]));
  const nav = document.getElementById("nav");
  nav.replaceChildren();
  for (const scope of scopes) {
    const depth = scope.split("/").length - 1;
    const name = scope.slice(scope.lastIndexOf("/") + 1);
    const open = views.get(scope).list().length > 0; // anything for this user here?
    const item = document.createElement(open ? "button" : "span");
    item.textContent = name;
    item.dataset.scope = scope;
    if (open) {
      item.type = "button";
      item.addEventListener("click", () => show(scope));
    } else item.className = "closed";
    const li = document.createElement("li");
    li.style.paddingLeft = `${depth * 0.9}rem`;
    li.append(item);
    nav.append(li);
  }
  const first = scopes.find((s) => views.get(s).list().length > 0);
  show(views.get(current)?.list().length ? current : first);
}

function show(scope) {
  current = scope ?? "";
  const page = document.getElementById("page");
  page.replaceChildren();
  for (const el of document.querySelectorAll("#nav [data-scope]")) el.setAttribute("aria-current", String(el.dataset.scope === current));
  if (!scope) {
    page.textContent = "Nothing here for you: ask an administrator for a role.";
    for (const el of document.querySelectorAll(".portals [data-permission]")) el.disabled = true;
    return;
  }
  const level = engine.levels[scope.split("/").length - 1]; // a path's depth gives its level
  page.append(document.getElementById(level).content.cloneNode(true));
  page.querySelector("[data-name]").textContent = scope;
  page.dataset.scope = scope;
  const view = views.get(scope);
  gate(page, view);
  gate(document.querySelector(".portals"), view); // portals are asked about at the same scope
}

who.addEventListener("change", () => signIn(who.value));
document.querySelector("main").addEventListener("click", (e) => {
  const el = e.target.closest("[data-permission]");
  if (el) document.getElementById("status").textContent = `Opened “${el.textContent}” at ${current}.`;
});

signIn(who.value);
document.body.dataset.ready = "yes";
