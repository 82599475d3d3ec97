// Small DOM helpers shared by the role explorer and the portal demo (no framework).

export const $ = (selector, root = document) => root.querySelector(selector);

/** `h("button", { class: "x", onclick }, "text", child)`: an element with attributes and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.setAttribute("class", value);
    else if (key === "value" || key === "checked") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) el.append(child);
  return el;
}

/** An SVG element (same arguments as `h`). */
export const s = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) el.append(child);
  return el;
};

/** Replaces an element's children, flattening nested lists and skipping empty ones. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

/**
 * Rich text as data: strings, and `{ b }` (a name, in bold), `{ em }` (a place), `{ text, title }`.
 * The same sentence is shown as nodes in panels and as plain text in tooltips and descriptions.
 */
export function toText(parts) {
  return parts.map((p) => (typeof p === "string" ? p : p.b ?? p.em ?? p.text ?? "")).join("");
}

export function toNodes(parts) {
  return parts.map((p) => {
    if (typeof p === "string") return p;
    if (p.b !== undefined) return h("strong", { title: p.title }, p.b);
    if (p.em !== undefined) return h("em", { title: p.title }, p.em);
    return h("span", { title: p.title }, p.text);
  });
}

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

/**
 * Tooltips for every element with `data-tip` (on hover and on keyboard focus), and Escape to
 * close. The same text is the element's accessible description (`aria-describedby` on a node
 * outside the element, so that its accessible name stays its label).
 */
export function setupTips(tip) {
  let current = null;
  const place = (el) => {
    const r = el.getBoundingClientRect();
    const top = r.bottom + 6 + tip.offsetHeight > innerHeight ? r.top - tip.offsetHeight - 6 : r.bottom + 6;
    tip.style.left = `${Math.max(4, Math.min(r.left, innerWidth - tip.offsetWidth - 4))}px`;
    tip.style.top = `${Math.max(4, top)}px`;
  };
  const show = (e) => {
    const el = e.target.closest?.("[data-tip]");
    if (!el || !el.dataset.tip) return;
    current = el;
    tip.textContent = el.dataset.tip;
    tip.hidden = false;
    place(el);
  };
  const hide = (e) => {
    if (e.target.closest?.("[data-tip]") === current) {
      tip.hidden = true;
      current = null;
    }
  };
  document.addEventListener("mouseover", show);
  document.addEventListener("focusin", show);
  document.addEventListener("mouseout", hide);
  document.addEventListener("focusout", hide);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !tip.hidden) {
      tip.hidden = true;
      current = null;
    }
  });
  document.addEventListener("scroll", () => current && !tip.hidden && place(current), { capture: true, passive: true });
}

/**
 * Gives `el` a tooltip and an accessible description: `[el, note]`, the note a hidden sibling (so
 * the element's accessible name stays its label). Call again on the same element to change it.
 */
export function reasoned(el, text) {
  el.dataset.tip = text;
  const known = el.getAttribute("aria-describedby");
  const note = known && document.getElementById(known);
  if (note) {
    note.textContent = text;
    return [el];
  }
  const id = nextId("why");
  el.setAttribute("aria-describedby", id);
  return [el, h("span", { id, hidden: true, class: "note" }, text)];
}

/** Runs `fn` at most once per animation frame, after the latest call (coalesced renders). */
export function coalesce(fn) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fn();
    });
  };
}
