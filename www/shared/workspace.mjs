// Which model and which directory the pages show, and the state a link carries. Both pages read
// the same address (`#m=saas&d=sample&u=...&s=...`) and the same browser storage, so the portal
// demo follows the model and directory chosen in the explorer, and a reload keeps them.
import { Engine } from "../pkg/index.web.mjs";

/** The shipped models (`models/*.json`), each with a sample directory in `samples/`. */
export const MODELS = [
  { id: "bizagi", title: "Cloud platform (default)", file: "models/bizagi.json", embedded: true, sample: "samples/bizagi.json", sampleTitle: "Sample: 15 people", generated: [10_000, 50_000] },
  { id: "saas", title: "Developer platform", file: "models/saas.json", sample: "samples/saas.json", sampleTitle: "Sample: 8 people" },
  { id: "devhub", title: "DevHub", file: "models/devhub.json", sample: "samples/devhub.json", sampleTitle: "Sample: 7 people" },
];

const STORE = "rolecascade.";
export const CUSTOM = "custom";

/** Browser storage that never throws (private windows, quotas): values or undefined. */
export const store = {
  get(key) {
    try {
      return localStorage.getItem(STORE + key) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(key, value) {
    try {
      if (value === undefined) localStorage.removeItem(STORE + key);
      else localStorage.setItem(STORE + key, value);
      return true;
    } catch {
      return false;
    }
  },
};

/** The page state in the address: `m` model, `d` directory, `u` user, `s` scope, `t` tab, `c.KEY` context... */
export function readHash(hash = location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const out = { context: {} };
  for (const [k, v] of params) {
    if (k.startsWith("c.")) out.context[k.slice(2)] = v;
    else out[k] = v;
  }
  return out;
}

export function hashOf(state) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) {
    if (k === "context") for (const [ck, cv] of Object.entries(v ?? {})) cv !== undefined && cv !== "" && params.set(`c.${ck}`, cv);
    else if (v !== undefined && v !== null && v !== "") params.set(k, v);
  }
  return `#${params}`;
}

/** The directory choices for a model: its sample, generated companies (default model), yours. */
export function directoryChoices(modelId) {
  const m = MODELS.find((x) => x.id === modelId);
  const out = [];
  if (m) out.push({ id: "sample", title: m.sampleTitle });
  for (const n of m?.generated ?? []) out.push({ id: `gen-${n}`, title: `Generated: ${n.toLocaleString("en")} people` });
  out.push({ id: CUSTOM, title: "Your own (from “Your model”)" });
  return out;
}

async function text(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

/** The text of a shipped model file. */
export const modelText = (id) => text(MODELS.find((m) => m.id === id).file);

/** The directory text for a choice (a sample file, a generated company, or yours). */
export async function directoryText(modelId, dirId) {
  if (dirId === CUSTOM) return store.get(`directory.${modelId}`) ?? "";
  const m = MODELS.find((x) => x.id === modelId);
  const gen = /^gen-(\d+)$/.exec(dirId ?? "");
  if (gen && m?.generated?.includes(Number(gen[1]))) {
    // The benchmark generator (benches/js/gen.mjs), so the page shows the directories measured there.
    const { generate } = await import("../samples/generate.mjs");
    return generate(1, Number(gen[1])).json;
  }
  if (m) return text(m.sample);
  return "";
}

/**
 * Opens the workspace the address (or, without one, the last visit) names: an engine and where
 * it came from. Unknown or unusable choices fall back to the default model and its sample, with
 * a note saying so.
 */
export async function openWorkspace(wanted) {
  const last = JSON.parse(store.get("last") ?? "{}");
  let modelId = wanted.m ?? last.m ?? "bizagi";
  let dirId = wanted.d ?? (wanted.m ? undefined : last.d) ?? (modelId === CUSTOM ? CUSTOM : "sample");
  let note = "";
  if (modelId !== CUSTOM && !MODELS.some((m) => m.id === modelId)) {
    note = `There is no model “${modelId}” here: showing the default model.`;
    modelId = "bizagi";
    dirId = "sample";
  }
  if (modelId === CUSTOM && !store.get("model.custom")) {
    note = "This link names a model kept in another browser (ask for a share link): showing the default model.";
    modelId = "bizagi";
    dirId = "sample";
  }
  if (!directoryChoices(modelId).some((c) => c.id === dirId)) dirId = modelId === CUSTOM ? CUSTOM : "sample";
  if (dirId === CUSTOM && store.get(`directory.${modelId}`) === undefined) {
    note = "Your directory is not kept in this browser (too large, or made elsewhere): showing the sample.";
    dirId = modelId === CUSTOM ? CUSTOM : "sample";
  }
  const mText = modelId === CUSTOM ? store.get("model.custom") : undefined;
  let dText = await directoryText(modelId, dirId);
  const make = (dir) => {
    if (modelId === CUSTOM) return Engine.fromModel(mText, dir || undefined);
    const m = MODELS.find((x) => x.id === modelId);
    if (m.embedded) return Engine.bizagi(dir || undefined);
    return null; // fetched below
  };
  let engine;
  try {
    engine = make(dText) ?? Engine.fromModel(await modelText(modelId), dText || undefined);
  } catch (e) {
    if (dirId !== CUSTOM) throw e;
    note = `Your directory does not load with this model (${e.message}): showing the model with no directory.`;
    dText = "";
    engine = make("") ?? Engine.fromModel(await modelText(modelId), undefined);
  }
  store.set("last", JSON.stringify({ m: modelId, d: dirId }));
  return { engine, modelId, dirId, note };
}
