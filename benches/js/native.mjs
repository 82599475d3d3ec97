// Reads what `cargo bench --bench native` printed (target/bench-native.txt): the scale table
// that benches/native.rs prints before divan starts, and divan's result tree.

const UNIT = { ps: 1e-3, ns: 1, "µs": 1e3, us: 1e3, ms: 1e6, s: 1e9 };

/** "89.75 ns" -> 89.75 (nanoseconds). */
export function toNs(text) {
  const m = /^([\d.]+)\s*(ps|ns|µs|us|ms|s)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT[m[2]] : null;
}

export function parseNative(text) {
  const lines = text.split("\n");
  const out = { scales: [], benches: {}, optLevel: null, profile: null };
  const h = lines.findIndex((l) => l.startsWith("scale  assignments"));
  if (h >= 0) {
    const cols = lines[h].trim().split(/\s+/);
    for (let i = h + 1; i < lines.length && /^\s*\d+k|^\s*\d+M/.test(lines[i]); i++) {
      const v = lines[i].trim().split(/\s+/);
      out.scales.push(Object.fromEntries(cols.map((c, j) => [c, j === 0 ? v[j] : Number(v[j])])));
    }
  }
  out.diffs = parseDiffs(text);
  const opt = lines.find((l) => l.startsWith("opt-level:"));
  if (opt) out.optLevel = opt.slice("opt-level:".length).trim();
  let group = null;
  for (const line of lines) {
    if (!line.includes("│")) continue;
    // Children of the last group are indented with spaces, of the others with "│".
    const prefix = /^(?:│  |   )*/.exec(line)[0];
    const depth = prefix.length / 3;
    const cells = line.slice(prefix.length).split("│").map((c) => c.trim());
    const m = /^[├╰]─\s*(\S+)\s*(.*)$/.exec(cells[0]);
    if (!m) continue;
    const [, name, fastest] = m;
    if (depth === 0) group = null;
    if (!fastest) {
      group = name;
      continue;
    }
    const key = depth > 0 && group ? `${group}/${name}` : name;
    out.benches[key] = { fastest: toNs(fastest), slowest: toNs(cells[1]), median: toNs(cells[2]), mean: toNs(cells[3]), samples: Number(cells[4]), iters: Number(cells[5]) };
  }
  return out;
}

/** The model diff table (`diff_case gained lost ... diff_ms`) that benches/native.rs and benches/js/diff.mjs print. */
export function parseDiffs(text) {
  const lines = text.split("\n");
  const h = lines.findIndex((l) => l.startsWith("diff_case"));
  if (h < 0) return [];
  const cols = lines[h].trim().split(/\s+/);
  const out = [];
  for (let i = h + 1; i < lines.length && /^\s*[a-z]+\s+\d/.test(lines[i]); i++) {
    const v = lines[i].trim().split(/\s+/);
    out.push(Object.fromEntries(cols.map((c, j) => [c, j === 0 ? v[j] : Number(v[j])])));
  }
  return out;
}
