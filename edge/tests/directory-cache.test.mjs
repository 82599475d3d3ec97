// The per-isolate directory cache (edge/src/directory.mjs) alone, in Node, with a KV whose reads
// the test controls and a clock it moves: freshness, one read per tenant at a time, the old copy
// served while a refresh is in flight, other tenants not waiting, the byte bound and its
// least-recently-used eviction (with engines freed), and every failure kept closed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DirectoryCache, DirectoryError, loadDirectory } from "../src/directory.mjs";

const enc = new TextEncoder();

/** A KV namespace over a Map; `hold(key)` makes reads of that key wait for `release()`. */
function fakeKv() {
  const values = new Map();
  const reads = [];
  const gates = new Map();
  let failing = null;
  return {
    values,
    reads,
    put: (k, text) => values.set(k, enc.encode(text)),
    fail: (message) => (failing = message),
    heal: () => (failing = null),
    hold(key) {
      let release;
      const p = new Promise((r) => (release = r));
      gates.set(key, p);
      return () => {
        gates.delete(key);
        release();
      };
    },
    async get(key, type) {
      assert.equal(type, "arrayBuffer");
      reads.push(key);
      if (gates.has(key)) await gates.get(key);
      if (failing) throw new Error(failing);
      const v = values.get(key);
      return v === undefined ? null : v.buffer.slice(v.byteOffset, v.byteOffset + v.length);
    },
  };
}

/** Engines that answer from the JSON they were loaded from: `{ "v": n }`; anything else throws. */
function harness({ ttlMs = 1000, maxBytes = 1 << 20 } = {}) {
  let t = 0;
  const loaded = [];
  const logs = [];
  const cache = new DirectoryCache({
    now: () => t,
    log: (m) => logs.push(m),
    load(bytes) {
      let v;
      try {
        v = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw new Error("the value is not JSON");
      }
      if (typeof v.v !== "number") throw new Error("the value is not a valid directory");
      const engine = { v: v.v, freed: false, free() { this.freed = true; } };
      loaded.push(engine);
      return engine;
    },
  });
  const kv = fakeKv();
  const settings = { ttlMs, maxBytes };
  // The version the engine in use answered with; asserts that engine was never freed.
  const ask = (tenant) => cache.with(kv, tenant, settings, (e) => (assert.equal(e.freed, false), e.v));
  return { cache, kv, loaded, logs, ask, tick: (ms) => (t += ms), settings };
}

test("a copy answers for TTL, then KV is read again; an unchanged value is not parsed again", async () => {
  const h = harness({ ttlMs: 1000 });
  h.kv.put("acme", '{"v":1}');
  assert.equal(await h.ask("acme"), 1);
  h.tick(999);
  h.kv.put("acme", '{"v":2}');
  assert.equal(await h.ask("acme"), 1); // fresh: no read
  assert.deepEqual(h.kv.reads, ["acme"]);
  h.tick(1);
  assert.equal(await h.ask("acme"), 2); // stale: read, and the new value answers at once
  assert.equal(h.loaded[0].freed, true, "the replaced engine is freed");
  h.tick(1000);
  assert.equal(await h.ask("acme"), 2);
  assert.equal(h.kv.reads.length, 3);
  assert.equal(h.loaded.length, 2, "the same bytes are not loaded twice");
});

test("one read per tenant at a time; the old copy answers meanwhile; other tenants do not wait", async () => {
  const h = harness({ ttlMs: 1000 });
  h.kv.put("acme", '{"v":1}');
  h.kv.put("globex", '{"v":7}');
  // Cold: concurrent requests share one read.
  const [a, b] = await Promise.all([h.ask("acme"), h.ask("acme")]);
  assert.deepEqual([a, b, h.kv.reads.length], [1, 1, 1]);
  h.tick(1000);
  h.kv.put("acme", '{"v":2}');
  const release = h.kv.hold("acme");
  const first = h.ask("acme"); // starts the refresh and waits for it
  await new Promise((r) => setImmediate(r));
  assert.equal(await h.ask("acme"), 1, "served from the old copy while the read is in flight");
  assert.equal(await h.ask("acme"), 1);
  assert.equal(await h.ask("globex"), 7, "another tenant is not held up");
  assert.deepEqual(h.kv.reads, ["acme", "acme", "globex"]);
  release();
  assert.equal(await first, 2);
  assert.equal(await h.ask("acme"), 2);
});

test("the cache holds at most maxBytes, evicting the least recently used and freeing them", async () => {
  const value = (v) => JSON.stringify({ v, pad: "x".repeat(100) }); // 118 bytes each
  const size = value(1).length;
  const h = harness({ ttlMs: 60_000, maxBytes: size * 2 + 10 });
  for (const t of ["a", "b", "c"]) h.kv.put(t, value(1));
  await h.ask("a");
  await h.ask("b");
  await h.ask("a"); // a is now more recent than b
  await h.ask("c"); // over the bound: b goes
  assert.deepEqual(h.cache.stats, { bytes: size * 2, tenants: ["a", "c"] });
  assert.deepEqual(h.loaded.map((e) => e.freed), [false, true, false]);
  // An evicted tenant is read again; a held one is not.
  h.kv.put("a", value(2));
  h.kv.put("b", value(2));
  assert.equal(await h.ask("b"), 2);
  assert.deepEqual(h.cache.stats.tenants, ["c", "b"]); // a was the least recently used
  assert.equal(h.loaded[0].freed, true);
  // A value larger than the whole bound is never loaded: 503 without a copy, the copy with one.
  h.kv.put("big", JSON.stringify({ v: 1, pad: "x".repeat(size * 3) }));
  await assert.rejects(h.ask("big"), (e) => e instanceof DirectoryError && e.status === 503 && /exceed the cache's \d+ \(DIRECTORY_CACHE_BYTES\)/.test(e.message));
  h.kv.put("c", JSON.stringify({ v: 9, pad: "x".repeat(size * 3) }));
  h.tick(60_000);
  assert.equal(await h.ask("c"), 1, "the last good copy of c");
  assert.ok(h.cache.stats.bytes <= size * 2 + 10);
});

test("a missing tenant is a 403, drops the copy held, and is remembered for TTL", async () => {
  const h = harness({ ttlMs: 1000 });
  await assert.rejects(h.ask("initech"), (e) => e instanceof DirectoryError && e.status === 403 && e.message === "no directory is published for tenant 'initech'");
  await assert.rejects(h.ask("initech"), /no directory/);
  assert.deepEqual(h.kv.reads, ["initech"], "the refusal is remembered for TTL");
  h.tick(1000);
  h.kv.put("initech", '{"v":1}');
  assert.equal(await h.ask("initech"), 1, "published meanwhile: found after TTL");
  // Deleting the value revokes the copy.
  h.kv.values.delete("initech");
  h.tick(1000);
  await assert.rejects(h.ask("initech"), (e) => e.status === 403);
  assert.equal(h.loaded[0].freed, true);
  assert.deepEqual(h.cache.stats, { bytes: 0, tenants: [] });
  // Tenants that no KV key can name are refused without a read.
  await assert.rejects(h.ask("t".repeat(513)), (e) => e.status === 403);
  assert.equal(h.kv.reads.length, 3);
});

test("a corrupt value or a KV error keeps the last good copy (logged), else 503", async () => {
  const h = harness({ ttlMs: 1000 });
  h.kv.put("acme", '{"v":1}');
  assert.equal(await h.ask("acme"), 1);
  for (const bad of ["{ not json", '{"v":"one"}', ""]) {
    h.kv.put("acme", bad);
    h.tick(1000);
    assert.equal(await h.ask("acme"), 1, JSON.stringify(bad));
  }
  h.kv.fail("KV is down");
  h.tick(1000);
  assert.equal(await h.ask("acme"), 1);
  // The failed read renews the copy's time: KV is tried again after TTL, not on every request.
  const reads = h.kv.reads.length;
  h.tick(999);
  assert.equal(await h.ask("acme"), 1);
  assert.equal(h.kv.reads.length, reads);
  assert.equal(h.logs.length, 4);
  assert.match(h.logs[0], /^rolecascade edge: directory of tenant 'acme': the value is not JSON; answering from the last good copy$/);
  assert.match(h.logs[1], /^rolecascade edge: directory of tenant 'acme': the value is not a valid directory; answering from the last good copy$/);
  assert.match(h.logs[3], /reading it from KV failed \(KV is down\); answering from the last good copy/);
  // Without a copy: 503, remembered for TTL, tried again after it.
  await assert.rejects(h.ask("globex"), (e) => e instanceof DirectoryError && e.status === 503 && /cannot be loaded: reading it from KV failed/.test(e.message));
  h.kv.heal();
  h.kv.put("globex", "{ not json");
  await assert.rejects(h.ask("globex"), /reading it from KV failed/, "remembered");
  h.tick(1000);
  await assert.rejects(h.ask("globex"), (e) => e.status === 503 && e.message === "the directory of tenant 'globex' cannot be loaded: the value is not JSON");
  h.tick(1000);
  h.kv.put("globex", '{"v":3}');
  assert.equal(await h.ask("globex"), 3);
  // A good value ends the stale period.
  h.kv.put("acme", '{"v":2}');
  assert.equal(await h.ask("acme"), 2);
});

test("loadDirectory takes JSON text and refuses anything else with a clear message", () => {
  assert.throws(() => loadDirectory(new Uint8Array([0x52, 0x43, 0x00, 0x01])), /^Error: the value is not a directory in JSON text \(binary snapshots are not supported by this worker yet\)$/);
  assert.throws(() => loadDirectory(new Uint8Array(0)), /^Error: the value is empty$/);
  assert.throws(() => loadDirectory(enc.encode("[]")), /not a directory in JSON/);
  assert.throws(() => loadDirectory(new Uint8Array([0x7b, 0xff, 0x7d])), /not UTF-8 text/);
  assert.throws(
    () => loadDirectory(enc.encode('{"scopes":["acme"],"assignments":[{"user":"a","role":"nope","scope":"acme"}]}')),
    (e) => e.code === "unknown_role" && e.message === "the value is not a valid directory: unknown role 'nope' (at assignments[0])",
  );
  const e = loadDirectory(enc.encode('\ufeff{"scopes":["acme"],"members":{"acme":["ana"]},"assignments":[{"user":"ana","role":"company-admin","scope":"acme"}]}'));
  assert.equal(e.check("ana", "company.users.read", "acme"), true);
  e.free();
});
