// The role-inheritance graph, drawn as SVG with no library: one band per level (root first), a
// role below every role that includes it, arrows from a role to the roles it includes. Rows are
// ordered by the average position of the roles above (a barycentre pass) to keep lines short.
import { h, s } from "./shared/dom.mjs";

const ROW = 64;
const NODE_H = 30;
const GAP = 18;
const LEFT = 132; // the level names
const CHAR = 6.9; // px per character at 12.5px

export function drawGraph(meta, onPick) {
  const roles = meta.roles;
  const byId = meta.role;
  const parents = new Map(roles.map((r) => [r.id, []])); // role -> roles that include it
  for (const r of roles) for (const c of r.inherits) parents.get(c)?.push(r.id);

  // Layers: levels in order; inside a level, a role sits below the same-level roles including it.
  const levelOrder = meta.levels.map((l) => l.id);
  const inner = new Map();
  const innerDepth = (id, seen = new Set()) => {
    if (inner.has(id)) return inner.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const lvl = byId.get(id).level;
    const d = Math.max(0, ...parents.get(id).filter((p) => byId.get(p)?.level === lvl).map((p) => innerDepth(p, seen) + 1));
    inner.set(id, d);
    return d;
  };
  roles.forEach((r) => innerDepth(r.id));
  const bands = [];
  let layer = 0;
  const layerOf = new Map();
  for (const l of levelOrder) {
    const rs = roles.filter((r) => r.level === l);
    if (!rs.length) continue;
    const depth = Math.max(...rs.map((r) => inner.get(r.id)));
    bands.push({ level: l, from: layer, to: layer + depth });
    for (const r of rs) layerOf.set(r.id, layer + inner.get(r.id));
    layer += depth + 1;
  }
  const layers = Array.from({ length: layer }, (_, i) => roles.filter((r) => layerOf.get(r.id) === i).map((r) => r.id));

  const width = (id) => Math.max(96, Math.ceil(byId.get(id).label.length * CHAR) + 24);
  const pos = new Map();
  const place = () => {
    const rowWidths = layers.map((ids) => ids.reduce((sum, id) => sum + width(id) + GAP, -GAP));
    const widest = Math.max(0, ...rowWidths);
    layers.forEach((ids, i) => {
      let x = LEFT + (widest - rowWidths[i]) / 2;
      for (const id of ids) {
        pos.set(id, { x, y: 16 + i * ROW, w: width(id) });
        x += width(id) + GAP;
      }
    });
    return widest;
  };
  place();
  // Two barycentre passes: each row ordered by where the roles including its roles sit.
  for (let pass = 0; pass < 2; pass++) {
    for (const ids of layers) {
      const centre = (id) => {
        const ps = parents.get(id).filter((p) => pos.has(p));
        return ps.length ? ps.reduce((sum, p) => sum + pos.get(p).x + pos.get(p).w / 2, 0) / ps.length : pos.get(id).x;
      };
      const c = new Map(ids.map((id) => [id, centre(id)]));
      ids.sort((a, b) => c.get(a) - c.get(b));
    }
    place();
  }
  const widest = place();
  const W = LEFT + widest + 16;
  const H = 16 + layer * ROW + 8;

  const svg = s("svg", { class: "graph", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "group", "aria-labelledby": "graph-title" },
    s("title", { id: "graph-title" }, "Roles by level: an arrow goes from a role to each role it includes"),
    s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      s("path", { d: "M0 0 L10 5 L0 10 z", class: "arrowhead" }))));
  bands.forEach((b, i) => {
    const y = 16 + b.from * ROW - 10;
    const hgt = (b.to - b.from + 1) * ROW;
    // The level's name, wrapped to the left column.
    const lines = [];
    for (const word of meta.levelLabel(b.level).split(/\s+/)) {
      if (lines.length && (lines[lines.length - 1] + " " + word).length * CHAR < LEFT - 16) lines[lines.length - 1] += ` ${word}`;
      else lines.push(word);
    }
    svg.append(s("rect", { x: 0, y, width: W, height: hgt, class: i % 2 ? "band odd" : "band" }),
      s("text", { x: 10, y: y + 24, class: "band-label" }, lines.map((line, k) => s("tspan", { x: 10, dy: k ? 15 : 0 }, line))));
  });
  const edges = s("g", { class: "edges" });
  for (const r of roles) {
    for (const c of r.inherits) {
      const a = pos.get(r.id);
      const b = pos.get(c);
      if (!a || !b) continue;
      const x1 = a.x + a.w / 2;
      const y1 = a.y + NODE_H;
      const x2 = b.x + b.w / 2;
      const y2 = b.y;
      const mid = (y1 + y2) / 2;
      edges.append(s("path", { d: `M${x1} ${y1} C${x1} ${mid} ${x2} ${mid} ${x2} ${y2 - 2}`, class: "edge", "data-from": r.id, "data-to": c, "marker-end": "url(#arrow)" }));
    }
  }
  svg.append(edges);
  const nodes = s("g", { class: "nodes" });
  const select = (id) => {
    const related = new Set([id, ...(meta.closure.get(id) ?? []), ...roles.filter((x) => meta.closure.get(x.id)?.has(id)).map((x) => x.id)]);
    for (const n of svg.querySelectorAll("[data-role]")) {
      n.classList.toggle("dim", !related.has(n.dataset.role));
      n.setAttribute("aria-pressed", String(n.dataset.role === id));
    }
    for (const e of svg.querySelectorAll(".edge")) e.classList.toggle("dim", !(related.has(e.dataset.from) && related.has(e.dataset.to)));
    onPick(id);
  };
  for (const r of roles) {
    const p = pos.get(r.id);
    const includes = r.inherits.map((c) => byId.get(c)?.label ?? c);
    const g = s("g", { class: `node${r.when ? " conditional" : ""}`, "data-role": r.id, tabindex: 0, role: "button", "aria-pressed": "false",
      "aria-label": `${r.label}${includes.length ? `, includes ${includes.join(", ")}` : ""}${r.when ? ", with a condition" : ""}` },
    s("rect", { x: p.x, y: p.y, width: p.w, height: NODE_H, rx: 6 }),
    s("text", { x: p.x + p.w / 2, y: p.y + 19.5, "text-anchor": "middle" }, r.label + (r.when ? " ◆" : "")));
    g.addEventListener("click", () => select(r.id));
    g.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        select(r.id);
      }
    });
    nodes.append(g);
  }
  svg.append(nodes);

  // The same graph as text, for anyone who does not read the picture.
  const list = h("details", { class: "dev" }, h("summary", {}, "The graph as a list"),
    h("ul", { class: "plain" }, roles.map((r) => h("li", {}, h("strong", {}, r.label), ` (${meta.levelLabel(r.level)})`,
      r.inherits.length ? `: includes ${r.inherits.map((c) => byId.get(c)?.label ?? c).join(", ")}` : ": includes no other role"))));
  return [h("div", { class: "scroll graph-wrap", tabindex: "0", role: "region", "aria-label": "Role inheritance graph (scrolls)", id: "graph" }, svg), list];
}
