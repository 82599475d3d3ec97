// A collapsible, searchable scope tree: only expanded branches exist in the page, long branches
// show a hundred children at a time, and picking a scope changes two attributes, not the tree.
import { h, fill } from "./dom.mjs";
import { lastSegment, ancestorAt, depthOf } from "./model.mjs";

const BRANCH = 100;
const RESULTS = 50;

export class ScopeTree {
  /**
   * @param root the <ul> to fill
   * @param search an <input> that filters the tree (or null)
   * @param options `{ index, label: (path) => string, onPick: (path) => void, show?: (path) => boolean }`
   *   `show` limits the tree to some scopes (the portal: where the user can do something); their
   *   ancestors stay as headings.
   */
  constructor(root, search, { index, label, onPick, show }) {
    this.root = root;
    this.search = search;
    this.index = index;
    this.label = label;
    this.onPick = onPick;
    this.show = show;
    this.current = "";
    this.results = h("ul", { class: "tree results", hidden: true, "aria-label": "Matching scopes" });
    root.after(this.results);
    if (search) search.addEventListener("input", () => this.filter(search.value));
    root.addEventListener("click", (e) => this.click(e));
    this.results.addEventListener("click", (e) => this.click(e));
    this.reset();
  }

  /** Shows another directory (a new model or directory on the page). */
  use(index, show = this.show) {
    this.index = index;
    this.current = "";
    if (this.search) this.search.value = "";
    this.filter("");
    this.reset(show);
  }

  /** Which scopes appear: all, or those shown and their ancestors. */
  reset(show = this.show) {
    this.show = show;
    this.visible = null;
    if (show) {
      this.visible = new Set();
      for (const p of this.index.scopes) {
        if (!show(p)) continue;
        for (let d = 0; d <= depthOf(p); d++) this.visible.add(ancestorAt(p, d));
      }
    }
    this.expanded = new Set();
    fill(this.root, this.branch(this.index.roots));
    if (!this.root.children.length) this.root.append(h("li", { class: "muted" }, show ? "Nothing here for you yet." : "No scopes."));
    // A few roots (companies) open at once, to show what they hold.
    const roots = this.kids(null);
    if (roots.length <= 3) for (const r of roots) this.toggle(r, true);
  }

  kids(path) {
    const list = path === null ? this.index.roots : this.index.children.get(path) ?? [];
    return this.visible ? list.filter((p) => this.visible.has(p)) : list;
  }

  branch(paths, from = 0) {
    const list = this.visible ? paths.filter((p) => this.visible.has(p)) : paths;
    const items = list.slice(from, from + BRANCH).map((p) => this.node(p));
    if (list.length > from + BRANCH) {
      items.push(h("li", {}, h("button", { type: "button", class: "more", "data-more-from": from + BRANCH },
        `Show ${Math.min(BRANCH, list.length - from - BRANCH)} more of ${list.length - from - BRANCH}`)));
    }
    return items;
  }

  node(path) {
    const kids = this.kids(path);
    const usable = !this.show || this.show(path);
    const name = lastSegment(path);
    const row = h("div", { class: "node" },
      kids.length
        ? h("button", { type: "button", class: "twisty", "aria-expanded": "false", "data-toggle": path, "aria-label": `${name}: show what it holds` })
        : h("span", { class: "twisty-space" }),
      usable
        ? h("button", { type: "button", class: "scope", "data-scope": path, "aria-current": path === this.current ? "true" : "false" },
          h("span", { class: "name" }, name), h("span", { class: "lvl" }, this.label(path)))
        : h("span", { class: "scope heading" }, h("span", { class: "name" }, name), h("span", { class: "lvl" }, this.label(path))));
    return h("li", { "data-path": path }, row);
  }

  /** Opens every branch (for small trees, like the portal's list of a user's workspaces). */
  expandAll() {
    const walk = (paths) => {
      for (const p of paths) {
        if (this.visible && !this.visible.has(p)) continue;
        if (this.kids(p).length) {
          this.toggle(p, true);
          walk(this.kids(p));
        }
      }
    };
    walk(this.index.roots);
  }

  click(e) {
    const more = e.target.closest("[data-more-from]");
    if (more) {
      const ul = more.closest("ul");
      const li = more.closest("li");
      const parent = ul.closest("li[data-path]")?.dataset.path ?? null;
      const from = Number(more.dataset.moreFrom);
      li.replaceWith(...this.branch(parent === null ? this.index.roots : this.index.children.get(parent) ?? [], from));
      return;
    }
    const toggle = e.target.closest("[data-toggle]");
    if (toggle) return this.toggle(toggle.dataset.toggle);
    const pick = e.target.closest("[data-scope]");
    if (pick) {
      this.select(pick.dataset.scope);
      this.onPick(pick.dataset.scope);
    }
  }

  liOf(path) {
    return this.root.querySelector(`li[data-path="${CSS.escape(path)}"]`);
  }

  toggle(path, open) {
    const li = this.liOf(path);
    if (!li) return;
    const button = li.querySelector(":scope > .node > [data-toggle]");
    const isOpen = button?.getAttribute("aria-expanded") === "true";
    const want = open ?? !isOpen;
    if (!button || want === isOpen) return;
    button.setAttribute("aria-expanded", String(want));
    let ul = li.querySelector(":scope > ul");
    if (want && !ul) li.append((ul = h("ul", {}, this.branch(this.index.children.get(path) ?? []))));
    if (ul) ul.hidden = !want;
  }

  /** Marks `path` as the current scope, opening the branches above it. */
  select(path) {
    const old = this.current && this.root.querySelector(`[data-scope="${CSS.escape(this.current)}"]`);
    if (old) old.setAttribute("aria-current", "false");
    this.current = path;
    if (!path) return;
    for (let d = 0; d < depthOf(path); d++) {
      const up = ancestorAt(path, d);
      if (!this.liOf(up)) break;
      this.toggle(up, true);
      // A parent's long branch may not show this child yet.
      const child = ancestorAt(path, d + 1);
      if (!this.liOf(child)) {
        const ul = this.liOf(up)?.querySelector(":scope > ul");
        ul?.append(this.node(child));
      }
    }
    this.root.querySelector(`[data-scope="${CSS.escape(path)}"]`)?.setAttribute("aria-current", "true");
    for (const el of this.results.querySelectorAll("[data-scope]")) el.setAttribute("aria-current", String(el.dataset.scope === path));
  }

  filter(text) {
    const q = text.trim().toLowerCase();
    this.root.hidden = q !== "";
    this.results.hidden = q === "";
    if (!q) return fill(this.results);
    const found = [];
    let count = 0;
    for (const p of this.index.scopes) {
      if (this.show && !this.show(p)) continue;
      if (!lastSegment(p).toLowerCase().includes(q) && !p.toLowerCase().includes(q)) continue;
      count++;
      if (found.length < RESULTS) found.push(p);
    }
    fill(this.results,
      found.map((p) => h("li", {}, h("button", { type: "button", class: "scope", "data-scope": p, "aria-current": String(p === this.current) },
        h("span", { class: "name" }, lastSegment(p)), h("span", { class: "lvl" }, this.label(p)),
        h("span", { class: "crumbs" }, p.split("/").slice(0, -1).join(" › "))))),
      count > found.length ? h("li", { class: "muted" }, `${count - found.length} more: type more of the name`) : null,
      count === 0 ? h("li", { class: "muted" }, "No scope matches.") : null);
  }
}
