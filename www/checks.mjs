// Checks you keep: decisions pinned as expected results (a permission, a who-can list, a right to
// assign), run again after every change to the model or the directory, and exported as a decision
// vector file in the format of the repository's `tests/vectors` (so they can join its tests).
import { h, fill, toNodes } from "./shared/dom.mjs";
import { store, MODELS, CUSTOM } from "./shared/workspace.mjs";

const KEY = "checks";

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export class Checks {
  constructor(state, words) {
    this.state = state;
    this.words = words;
    try {
      this.list = JSON.parse(store.get(KEY) ?? "[]");
      if (!Array.isArray(this.list)) this.list = [];
    } catch {
      this.list = [];
    }
    this.results = new Map();
  }

  save() {
    store.set(KEY, JSON.stringify(this.list));
  }

  add(pin) {
    const clean = JSON.parse(JSON.stringify(pin)); // drops undefined context
    if (this.list.some((p) => same({ ...p, id: 0 }, { ...clean, id: 0 }))) return;
    clean.id = Math.max(0, ...this.list.map((p) => p.id ?? 0)) + 1;
    this.list.push(clean);
    this.save();
    this.changed();
  }

  remove(id) {
    this.list = this.list.filter((p) => p.id !== id);
    this.save();
    this.changed();
  }

  /** What the engine answers now for a pin: `{ now, pass, error }`. */
  evaluate(pin) {
    const { engine } = this.state();
    try {
      let now;
      if (pin.op === "check") now = engine.check(pin.user, pin.permission, pin.scope, pin.context);
      else if (pin.op === "whoCan") now = engine.whoCan(pin.permission, pin.scope, pin.context);
      else if (pin.op === "canAssign") {
        const d = engine.canAssign(pin.actor, pin.role, pin.scope, pin.target, pin.context);
        now = d.allowed ? { allowed: true } : { allowed: false, denial: d.denial };
      } else throw new Error(`unknown check ${pin.op}`);
      return { now, pass: same(now, pin.expect) };
    } catch (error) {
      return { error, pass: false };
    }
  }

  /** Runs every check; returns how many fail. */
  runAll() {
    this.results = new Map(this.list.map((p) => [p.id, this.evaluate(p)]));
    const failing = [...this.results.values()].filter((r) => !r.pass).length;
    const count = document.getElementById("checks-count");
    if (count) count.textContent = this.list.length ? `(${failing ? `${failing} failing` : this.list.length})` : "";
    document.getElementById("tab-checks")?.classList.toggle("failing", failing > 0);
    return failing;
  }

  changed() {
    this.runAll();
    const s = this.state();
    s.dirty?.add("checks");
  }

  /** One check in words: what is expected, and what the engine says now. */
  describe(pin, result) {
    const w = this.words();
    const m = w.meta;
    const known = (p) => m.perm.has(p);
    const where = pin.scope ? w.scope(pin.scope) : "";
    const ctx = pin.context && Object.keys(pin.context).length
      ? ` (with ${Object.entries(pin.context).map(([k, v]) => `${m.contextKey.get(k)?.label ?? k} ${v}`).join(", ")})` : "";
    let expect;
    let now = null;
    if (pin.op === "check") {
      const perm = known(pin.permission) ? w.permission(pin.permission) : { b: pin.permission };
      expect = [w.subject(pin.user), pin.expect ? " can use " : " can't use ", perm, " on ", where, ctx, "."];
      if (result.now !== undefined && !result.pass) now = ["Now: ", result.now ? "allowed." : "denied."];
    } else if (pin.op === "whoCan") {
      const perm = known(pin.permission) ? w.permission(pin.permission) : { b: pin.permission };
      const names = pin.expect.slice(0, 4).flatMap((u, i) => [i ? ", " : "", w.person(u)]);
      expect = [`${pin.expect.length} ${pin.expect.length === 1 ? "person" : "people"} can use `, perm, " on ", where, ctx, pin.expect.length ? [": ", ...names, pin.expect.length > 4 ? " and others" : "", "."] : "."].flat();
      if (result.now && !result.pass) {
        const added = result.now.filter((u) => !pin.expect.includes(u));
        const gone = pin.expect.filter((u) => !result.now.includes(u));
        now = ["Now ", `${result.now.length}`, added.length ? [": adds ", ...added.slice(0, 4).flatMap((u, i) => [i ? ", " : "", w.person(u)])] : "", gone.length ? [added.length ? "; " : ": ", "drops ", ...gone.slice(0, 4).flatMap((u, i) => [i ? ", " : "", w.person(u)])] : "", "."].flat();
      }
    } else {
      const role = m.role.has(pin.role) ? w.role(pin.role, pin.scope) : { b: pin.role };
      expect = [w.subject(pin.actor), pin.expect.allowed ? " can give " : " can't give ", role, " to ", w.person(pin.target), " on ", where, "."];
      if (result.now && !result.pass) now = ["Now: ", result.now.allowed ? "allowed." : "refused."];
    }
    if (result.error) now = [`Now it cannot be asked: ${result.error.message}.`];
    return { expect, now };
  }

  render(panel) {
    this.runAll();
    const failing = [...this.results.values()].filter((r) => !r.pass).length;
    fill(panel,
      h("p", {}, "Pin decisions under Access (a permission), Who can (a list) or Change roles, then edit the model or the directory and run them again: each check says what was expected and what the engine answers now. Export them as a decision-vector file for the repository's tests."),
      h("div", { class: "row" },
        h("button", { type: "button", class: "action", id: "run-checks", onclick: () => this.render(panel) }, "Run all"),
        h("button", { type: "button", class: "action secondary", id: "export-checks", "aria-disabled": String(!this.list.length), onclick: () => this.list.length && this.download() }, "Export as test vectors"),
        h("button", { type: "button", class: "action secondary", id: "clear-checks", "aria-disabled": String(!this.list.length), onclick: () => {
          this.list = [];
          this.save();
          this.changed();
          this.render(panel);
        } }, "Remove all")),
      h("p", { class: "summary", role: "status", id: "checks-summary", "data-failing": failing, "data-total": this.list.length },
        this.list.length ? `${this.list.length} check${this.list.length === 1 ? "" : "s"}: ${this.list.length - failing} pass, ${failing} fail.` : "No checks yet."),
      h("ul", { class: "checks" }, this.list.map((pin) => {
        const result = this.results.get(pin.id) ?? this.evaluate(pin);
        const { expect, now } = this.describe(pin, result);
        return h("li", { "data-check": pin.id, "data-op": pin.op, "data-pass": String(result.pass), class: result.pass ? "pass" : "fail" },
          h("span", { class: "verdict" }, result.pass ? "✓ passes" : "✕ fails"),
          h("span", { class: "what" }, toNodes(expect), now ? h("span", { class: "now" }, " ", toNodes(now)) : null),
          h("button", { type: "button", class: "link", "aria-label": "Remove this check", onclick: () => {
            this.remove(pin.id);
            this.render(panel);
          } }, "Remove"));
      })));
  }

  /** The checks as a `tests/vectors` file: this model (by name if shipped), this directory, the cases. */
  vectors() {
    const s = this.state();
    const model = s.ws.modelId === CUSTOM ? JSON.parse(store.get("model.custom") ?? "{}") : s.ws.modelId;
    const title = s.ws.modelId === CUSTOM ? "your own model" : MODELS.find((m) => m.id === s.ws.modelId)?.title;
    return {
      description: `Checks pinned in the rolecascade role explorer (${title}, directory: ${s.ws.dirId}).`,
      model,
      directory: s.engine.exportDirectory(),
      cases: this.list.map((p) => {
        const c = { op: p.op };
        for (const k of ["user", "actor", "permission", "role", "scope", "target"]) if (p[k] !== undefined) c[k] = p[k];
        if (p.context && Object.keys(p.context).length) c.context = p.context;
        c.expect = p.expect;
        return c;
      }),
    };
  }

  download() {
    const text = `${JSON.stringify(this.vectors(), null, 2)}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const a = h("a", { href: url, download: "explorer-checks.json", hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
