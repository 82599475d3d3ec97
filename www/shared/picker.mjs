// A searchable user picker (the ARIA combobox pattern with a list box), for directories of any
// size: it lists at most a page of matches at a time, people who hold a role first, and filters
// as you type. One keystroke or arrow key touches a few dozen elements, never the whole list.
import { h, fill, nextId } from "./dom.mjs";

const PAGE = 50;

export class UserPicker {
  /**
   * @param input an <input> to turn into the combobox (it keeps its id and label)
   * @param options `{ users: () => string[], holds: (u) => boolean, name: (u) => string, onPick: (u) => void }`
   */
  constructor(input, { users, holds, name, onPick }) {
    this.input = input;
    this.users = users;
    this.holds = holds;
    this.name = name;
    this.onPick = onPick;
    this.value = "";
    this.matches = [];
    this.shown = 0;
    this.active = -1;
    this.listId = nextId("listbox");
    this.list = h("ul", { id: this.listId, role: "listbox", class: "combo-list", hidden: true, "aria-label": "People" });
    this.status = h("p", { class: "combo-count muted", "aria-live": "polite" });
    const wrap = h("div", { class: "combo" });
    input.replaceWith(wrap);
    wrap.append(input, this.list, this.status);
    Object.assign(input, { autocomplete: "off", spellcheck: false });
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listId);
    input.addEventListener("focus", () => input.select());
    input.addEventListener("click", () => this.open(""));
    input.addEventListener("input", () => this.open(input.value));
    input.addEventListener("keydown", (e) => this.key(e));
    input.addEventListener("blur", () => setTimeout(() => this.close(true), 0));
    this.list.addEventListener("mousedown", (e) => e.preventDefault()); // keep the focus in the input
    this.list.addEventListener("click", (e) => {
      const li = e.target.closest("[data-index]");
      if (li) this.pick(this.matches[Number(li.dataset.index)]);
      else if (e.target.closest("[data-more]")) this.more();
    });
  }

  /** Shows `user` as the current choice (without calling onPick). */
  set(user) {
    this.value = user;
    if (document.activeElement !== this.input || this.list.hidden) this.input.value = user;
  }

  get isOpen() {
    return !this.list.hidden;
  }

  open(query) {
    const q = query.trim().toLowerCase();
    const all = this.users();
    // Typing the current value (or nothing) lists everyone; otherwise matches on the id and name.
    this.matches = !q || q === this.value.toLowerCase() ? all : all.filter((u) => u.toLowerCase().includes(q) || this.name(u).toLowerCase().includes(q));
    this.shown = 0;
    this.active = -1;
    fill(this.list);
    this.more();
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    const current = this.matches.indexOf(this.value);
    if (this.matches.length) this.move(current >= 0 && current < this.shown ? current : 0);
  }

  more() {
    const start = this.shown;
    const end = Math.min(this.matches.length, start + PAGE);
    this.list.querySelector("[data-more]")?.remove();
    const items = [];
    for (let i = start; i < end; i++) {
      const u = this.matches[i];
      const holds = this.holds(u);
      items.push(h("li", { id: `${this.listId}-${i}`, role: "option", "data-index": i, "data-user": u, "aria-selected": "false" },
        h("span", { class: "who" }, this.name(u)), " ", h("span", { class: "id" }, u === this.name(u) ? "" : u), holds ? null : h("span", { class: "tag" }, "no role")));
    }
    this.list.append(...items);
    this.shown = end;
    const left = this.matches.length - end;
    if (left > 0) this.list.append(h("li", { role: "option", "aria-disabled": "true", "data-more": "", id: `${this.listId}-more` }, `${left.toLocaleString("en")} more: type to narrow, or show more`));
    this.status.textContent = this.matches.length ? `${this.matches.length.toLocaleString("en")} ${this.matches.length === 1 ? "person" : "people"}` : "Nobody matches";
  }

  move(i) {
    const old = this.active >= 0 && document.getElementById(`${this.listId}-${this.active}`);
    if (old) old.setAttribute("aria-selected", "false");
    if (i >= this.shown && i < this.matches.length) this.more();
    this.active = Math.max(0, Math.min(i, this.shown - 1));
    const li = document.getElementById(`${this.listId}-${this.active}`);
    if (!li) return;
    li.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", li.id);
    const top = li.offsetTop;
    if (top < this.list.scrollTop) this.list.scrollTop = top;
    else if (top + li.offsetHeight > this.list.scrollTop + this.list.clientHeight) this.list.scrollTop = top + li.offsetHeight - this.list.clientHeight;
  }

  key(e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!this.isOpen) return this.open(e.altKey ? "" : this.input.value);
      this.move(this.active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "PageDown" || e.key === "PageUp") {
      if (!this.isOpen) return;
      e.preventDefault();
      this.move(this.active + (e.key === "PageDown" ? 10 : -10));
    } else if (e.key === "Enter") {
      if (!this.isOpen) return;
      e.preventDefault();
      if (this.active >= 0) this.pick(this.matches[this.active]);
    } else if (e.key === "Escape") {
      if (this.isOpen) {
        e.preventDefault();
        e.stopPropagation();
        this.close(true);
      }
    }
  }

  pick(user) {
    if (user === undefined) return;
    this.close(false);
    this.value = user;
    this.input.value = user;
    this.onPick(user);
  }

  close(restore) {
    if (!this.isOpen) return;
    this.list.hidden = true;
    fill(this.list);
    this.status.textContent = "";
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    if (restore) this.input.value = this.value;
  }
}
