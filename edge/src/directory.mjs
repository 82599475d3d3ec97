// Directory mode: each tenant's directory, read from the KV namespace bound as DIRECTORY (key: the
// tenant, the first segment of a scope), loaded into an engine once per isolate and kept.
//
// - Fresh for DIRECTORY_TTL: a copy read less than TTL ago answers without touching KV. The first
//   request after that re-reads KV and waits for it; requests for the same tenant arriving while
//   that read is in flight are answered from the copy they already had, and other tenants never
//   wait on it. One read per tenant is in flight at a time.
// - Unchanged values are not parsed again: the SHA-256 of the value is kept, and a re-read that
//   finds the same bytes only renews the copy's time.
// - Bounded: the cache holds at most `maxBytes` of directory values (as stored in KV); loading one
//   more evicts the least recently used tenants, and an evicted engine is freed at once.
// - Fail closed: no value for a tenant is a 403, and drops any copy held (a deleted directory is
//   a revocation). A value that cannot be loaded, or a KV error, keeps the last good copy of that
//   tenant (logged) and is a 503 when there is none. Nothing here can widen what a copy allows.
//   A 403 or 503 is remembered for TTL too, so unknown tenants cannot make every request a read.
import { Engine } from "rolecascade";
import { quote } from "./jwt.mjs";

/** A request the directory cannot answer: `status` is 403 (no such tenant) or 503. */
export class DirectoryError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const MAX_KEY_BYTES = 512; // Workers KV's key limit
const MAX_REFUSED = 1024;
const utf8 = new TextEncoder();

/**
 * A KV value as an engine. Today a value is the tenant's directory as JSON text (what
 * edge/publish.mjs writes), loaded with the default model. The package has no binary snapshot
 * yet; when `Engine.fromSnapshot(bytes)` exists, a value whose first byte is not JSON's (a
 * snapshot is binary) should go there instead, here and only here: the cache above works on
 * bytes and engines and does not care which form the value was.
 */
export function loadDirectory(bytes) {
  if (bytes.length === 0) throw new Error("the value is empty");
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  const bom = bytes[i] === 0xef && bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf;
  if (bytes[bom ? i + 3 : i] !== 0x7b /* { */) {
    throw new Error("the value is not a directory in JSON text (binary snapshots are not supported by this worker yet)");
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("the value is not UTF-8 text");
  }
  try {
    return Engine.bizagi(text);
  } catch (e) {
    throw Object.assign(new Error(`the value is not a valid directory: ${e.message}${e.path ? ` (at ${e.path})` : ""}`), { code: e.code, path: e.path });
  }
}

async function sha256(bytes) {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  let s = "";
  for (const b of d) s += b.toString(16).padStart(2, "0");
  return s;
}

export class DirectoryCache {
  #entries = new Map(); // tenant -> { engine, bytes, digest, checkedAt }, least recently used first
  #inflight = new Map(); // tenant -> Promise of the KV read and load under way
  #refused = new Map(); // tenant -> { error, at }: a 403 or 503 repeated for TTL without KV reads
  #bytes = 0;
  #load;
  #now;
  #log;

  constructor({ load = loadDirectory, now = () => Date.now(), log = (m) => console.error(m) } = {}) {
    this.#load = load;
    this.#now = now;
    this.#log = log;
  }

  /** Bytes of directory values held, and the tenants held, least recently used first. */
  get stats() {
    return { bytes: this.#bytes, tenants: [...this.#entries.keys()] };
  }

  /**
   * Calls `use(engine)` with the tenant's engine, reading KV first when the copy held is older
   * than `ttlMs` (or there is none). `use` runs synchronously, so the engine it gets cannot be
   * replaced or freed while it runs. Throws DirectoryError when there is nothing to answer from.
   */
  async with(kv, tenant, { ttlMs, maxBytes }, use) {
    if (utf8.encode(tenant).length > MAX_KEY_BYTES) throw new DirectoryError(403, `no directory is published for tenant ${quote(tenant)}`);
    const refused = this.#refused.get(tenant);
    if (refused) {
      if (this.#now() - refused.at < ttlMs) throw refused.error;
      this.#refused.delete(tenant);
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const held = this.#entries.get(tenant);
      if (held && (this.#now() - held.checkedAt < ttlMs || this.#inflight.has(tenant))) {
        this.#touch(tenant, held);
        return use(held.engine);
      }
      let p = this.#inflight.get(tenant);
      if (p === undefined) {
        p = this.#refresh(kv, tenant, maxBytes)
          .catch((e) => {
            if (e instanceof DirectoryError) this.#remember(tenant, e);
            throw e;
          })
          .finally(() => this.#inflight.delete(tenant));
        this.#inflight.set(tenant, p);
      }
      await p;
      const now = this.#entries.get(tenant);
      if (now) {
        this.#touch(tenant, now);
        return use(now.engine);
      }
      // Evicted between the load and this request's turn (other tenants loaded meanwhile): the
      // loop reads it again, a bounded number of times.
    }
    throw new DirectoryError(503, `the directory of tenant ${quote(tenant)} does not stay in the cache (DIRECTORY_CACHE_BYTES is too small for the load)`);
  }

  // Unknown tenants and unloadable values are remembered for TTL, so requests for them do not
  // each cost a KV read (and a parse). Bounded: the oldest are forgotten first.
  #remember(tenant, error) {
    this.#refused.delete(tenant);
    this.#refused.set(tenant, { error, at: this.#now() });
    if (this.#refused.size > MAX_REFUSED) this.#refused.delete(this.#refused.keys().next().value);
  }

  #touch(tenant, entry) {
    this.#entries.delete(tenant);
    this.#entries.set(tenant, entry);
  }

  #drop(tenant) {
    const e = this.#entries.get(tenant);
    if (!e) return;
    this.#entries.delete(tenant);
    this.#bytes -= e.bytes;
    e.engine.free();
  }

  // A read or load that failed: the last good copy keeps answering until the next TTL, else 503.
  #failed(tenant, reason) {
    const held = this.#entries.get(tenant);
    this.#log(`rolecascade edge: directory of tenant ${quote(tenant)}: ${reason}${held ? "; answering from the last good copy" : ""}`);
    if (held) {
      held.checkedAt = this.#now();
      return;
    }
    throw new DirectoryError(503, `the directory of tenant ${quote(tenant)} cannot be loaded: ${reason}`);
  }

  async #refresh(kv, tenant, maxBytes) {
    let value;
    try {
      value = await kv.get(tenant, "arrayBuffer");
    } catch (e) {
      return this.#failed(tenant, `reading it from KV failed (${e && e.message ? e.message : String(e)})`);
    }
    if (value === null) {
      if (this.#entries.has(tenant)) this.#log(`rolecascade edge: directory of tenant ${quote(tenant)}: removed from KV; dropping the copy held`);
      this.#drop(tenant);
      throw new DirectoryError(403, `no directory is published for tenant ${quote(tenant)}`);
    }
    const bytes = new Uint8Array(value);
    if (bytes.length > maxBytes) {
      return this.#failed(tenant, `its ${bytes.length} bytes exceed the cache's ${maxBytes} (DIRECTORY_CACHE_BYTES)`);
    }
    const digest = await sha256(bytes);
    const held = this.#entries.get(tenant);
    if (held && held.digest === digest) {
      held.checkedAt = this.#now();
      return;
    }
    let engine;
    try {
      engine = this.#load(bytes);
    } catch (e) {
      return this.#failed(tenant, e && e.message ? e.message : String(e));
    }
    this.#drop(tenant);
    this.#entries.set(tenant, { engine, bytes: bytes.length, digest, checkedAt: this.#now() });
    this.#bytes += bytes.length;
    for (const [other] of this.#entries) {
      if (this.#bytes <= maxBytes) break;
      if (other !== tenant) this.#drop(other);
    }
  }
}
