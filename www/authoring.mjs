// "Your model": applying an edited model and directory, a starter directory for any model, and
// share links that carry a model of your own (compressed into the address).
import { Engine } from "./pkg/index.web.mjs";
import { MODELS, CUSTOM, store, hashOf, modelText, directoryText } from "./shared/workspace.mjs";

/**
 * Loads a model and a directory given as text. A shipped model (byte for byte) keeps its name, so
 * that links stay short; anything else becomes "your own model", kept in this browser.
 * Returns `{ ws }` or `{ error, where: "model" | "directory" }`.
 */
export async function applyModelText(model, directory) {
  let where = "model";
  let engine;
  try {
    Engine.fromModel(model).free(); // the model alone first, to say which input is wrong
    where = "directory";
    engine = Engine.fromModel(model, directory === "" ? undefined : directory);
  } catch (error) {
    return { error, where };
  }
  let modelId = CUSTOM;
  for (const m of MODELS) {
    if ((await modelText(m.id).catch(() => null)) === model) modelId = m.id;
  }
  let dirId = CUSTOM;
  if (modelId !== CUSTOM && directory === (await directoryText(modelId, "sample").catch(() => null))) dirId = "sample";
  let kept = true;
  if (modelId === CUSTOM) kept = store.set("model.custom", model);
  if (dirId === CUSTOM) kept = store.set(`directory.${modelId}`, directory) && kept;
  store.set("last", JSON.stringify({ m: modelId, d: dirId }));
  if (modelId !== CUSTOM && MODELS.find((m) => m.id === modelId).embedded) {
    // The default model: the embedded one, as everywhere else on the pages.
    engine.free();
    engine = Engine.bizagi(directory === "" ? undefined : directory);
  }
  return { ws: { engine, modelId, dirId, note: kept ? "" : "This is too large to keep in the browser: it will not survive a reload." }, kept };
}

/**
 * A small directory for any model: one chain of scopes down its scoped levels (segments from the
 * values its attributes allow), one person per role, holding that role at the scope of its
 * level, and everyone a member everywhere. Assignments the engine refuses (a role whose level
 * does not exist on that chain, say) are left out.
 */
export function starterDirectory(model) {
  const levels = model.levels ?? [];
  const chain = [];
  let parent = levels.find((l) => !l.parent);
  while (parent) {
    chain.push(parent);
    parent = levels.find((l) => l.parent === parent.id && l.scoped !== false);
  }
  const segment = (l, i) => {
    for (const a of Object.values(l.attributes ?? {})) if (a.from === "segment" && a.values?.length) return a.values[0];
    return i === 0 ? "example" : `${l.id}-1`;
  };
  const scopes = [];
  chain.forEach((l, i) => scopes.push(i === 0 ? segment(l, 0) : `${scopes[i - 1]}/${segment(l, i)}`));
  const depth = (levelId) => {
    let l = levels.find((x) => x.id === levelId);
    while (l && l.scoped === false) l = levels.find((x) => x.id === l.parent);
    return chain.indexOf(l);
  };
  const users = (model.roles ?? []).map((r) => `${r.id}@example.test`);
  let assignments = (model.roles ?? []).map((r, i) => ({ user: users[i], role: r.id, scope: scopes[depth(r.level)] })).filter((a) => a.scope);
  const members = Object.fromEntries(scopes.map((s) => [s, users]));
  const text = JSON.stringify(model);
  for (let tries = 0; tries <= assignments.length; tries++) {
    const directory = { scopes, members, assignments };
    try {
      Engine.fromModel(text, directory).free();
      return directory;
    } catch (e) {
      const m = /^assignments\[(\d+)\]/.exec(e.path ?? "");
      if (!m) throw e;
      assignments = assignments.filter((_, i) => i !== Number(m[1]));
    }
  }
  return { scopes, members, assignments: [] };
}

// ---- links ------------------------------------------------------------------------------------

const MAX_LINK = 1_500_000;

async function squeeze(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function unsqueeze(b64) {
  const bin = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
}

/** A link to what the explorer shows: `{ url, text }` (a model or directory of your own travels inside it). */
export async function shareLink(S) {
  const base = `${location.origin}${location.pathname}`;
  const view = {
    m: S.ws.modelId, d: S.ws.dirId, u: S.user, s: S.scope, t: S.tab === "view" ? "" : S.tab, p: S.perm, w: S.why, a: S.actor,
    context: Object.fromEntries(Object.entries(S.ctx).filter(([, v]) => v !== "")),
  };
  if (S.ws.modelId !== CUSTOM && S.ws.dirId !== CUSTOM) return { url: base + hashOf(view), text: "A link to this view." };
  const extra = {};
  if (S.ws.modelId === CUSTOM) extra.mz = await squeeze(store.get("model.custom") ?? JSON.stringify({}));
  let text = "A link to this view, with your model inside it.";
  if (S.ws.dirId === CUSTOM) {
    const dz = await squeeze(store.get(`directory.${S.ws.modelId}`) ?? JSON.stringify(S.engine.exportDirectory()));
    if (dz.length + (extra.mz?.length ?? 0) < MAX_LINK) {
      extra.dz = dz;
      text = S.ws.modelId === CUSTOM ? "A link to this view, with your model and directory inside it." : "A link to this view, with your directory inside it.";
    } else {
      view.d = "";
      text += " The directory is too large for a link and is left out.";
    }
  }
  return { url: base + hashOf({ ...view, ...extra }), text };
}

/**
 * Reads a link made by shareLink: keeps its model and directory in this browser and returns the
 * rest of the address, to be opened like any other.
 */
export async function importShared(want) {
  if (want.mz) store.set("model.custom", await unsqueeze(want.mz));
  if (want.dz) store.set(`directory.${want.m ?? CUSTOM}`, await unsqueeze(want.dz));
  else if (want.mz) store.set(`directory.${CUSTOM}`, "");
  const rest = { ...want };
  delete rest.mz;
  delete rest.dz;
  return rest;
}
