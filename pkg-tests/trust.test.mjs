// Trust at the package's boundary: ids are exact (no lone surrogate becomes U+FFFD on its way
// into wasm), every thrown error has a code, and every message is safe to show.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Engine } from "rolecascade";

const owner = (user) => ({
  companies: [{ id: "acme", users: [user, "bo@acme.test"], subscriptions: [{ service: "automation", users: [user, "bo@acme.test"], projects: [{ id: "claims" }] }] }],
  assignments: [{ user, role: "subscription-owner", scope: "acme/automation" }],
});

function code(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, `a real Error, got ${String(e)}`);
    assert.equal(typeof e.code, "string", `an error without a code: ${e.stack}`);
    return e.code;
  }
  return "no error";
}

// Characters a message must never carry raw: controls, bidirectional overrides, zero-width and
// other invisible formatting characters, lone surrogates.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ud800-\udfff]/u;
function safe(text, what) {
  assert.equal(typeof text, "string", what);
  // With the u flag a lone surrogate matches [\ud800-\udfff]; a pair is one code point and does not.
  assert.ok(!HIDDEN.test(text), `${what} carries a raw hidden character: ${JSON.stringify(text)}`);
}

test("ids are exact: a lone surrogate is refused, never merged with U+FFFD", () => {
  // "ana\ufffd" owns the subscription; "ana\ud800" and "ana\udfff" must not become her.
  const e = Engine.bizagi(owner("ana\ufffd"));
  assert.equal(e.check("ana\ufffd", "project.delete", "acme/automation/claims"), true);
  for (const forged of ["ana\ud800", "ana\udfff", "\udfffana", "ana\udbff\u0041"]) {
    for (let round = 0; round < 2; round++) {
      // Twice: the second call would take the cached fast path if the first had cached anything.
      assert.equal(code(() => e.check(forged, "project.delete", "acme/automation/claims")), "invalid_argument", JSON.stringify(forged));
    }
    assert.equal(code(() => e.explain(forged, "project.delete", "acme/automation/claims")), "invalid_argument");
    assert.equal(code(() => e.view(forged, "acme/automation/claims")), "invalid_argument");
    assert.equal(code(() => e.permissions(forged, "acme/automation/claims")), "invalid_argument");
    assert.equal(code(() => e.portals(forged)), "invalid_argument");
    assert.equal(code(() => e.canAssign(forged, "project-owner", "acme/automation/claims", "bo@acme.test")), "invalid_argument");
    assert.equal(code(() => e.assign("bo@acme.test", "project-owner", "acme/automation/claims", forged)), "invalid_argument");
    assert.equal(code(() => e.check("bo@acme.test", "project.read", `acme/automation/${forged}`)), "invalid_argument");
    // In documents, as objects and as JSON text.
    assert.equal(code(() => Engine.bizagi(owner(forged))), "invalid_argument");
    assert.equal(code(() => Engine.bizagi(JSON.stringify(owner(forged)))), "invalid_argument");
    assert.equal(code(() => e.loadDirectory(owner(forged))), "invalid_argument");
    assert.equal(code(() => e.check("ana\ufffd", "portal.work-portal", "acme/automation/claims", { launchedFrom: forged })), "invalid_argument");
    assert.equal(code(() => e.explainAssignments(forged, [], "project.read", "acme/automation/claims")), "invalid_argument");
    assert.equal(code(() => e.explainAssignments("x", [{ role: forged, scope: "acme" }], "project.read", "acme/automation/claims")), "invalid_argument");
  }
  // A well-formed pair is an ordinary character.
  const pair = Engine.bizagi(owner("ana\ud83d\ude00"));
  assert.equal(pair.check("ana\ud83d\ude00", "project.delete", "acme/automation/claims"), true);
  assert.equal(pair.check("ana\ufffd", "project.delete", "acme/automation/claims"), false);
  // Nothing was merged or changed.
  assert.deepEqual(e.whoCan("project.delete", "acme/automation/claims"), ["ana\ufffd"]);
  // A JSON \u escape of a lone surrogate is refused too (the JSON grammar allows it).
  assert.equal(code(() => Engine.bizagi('{"companies": [{"id": "acme", "users": ["ana\\ud800"]}]}')), "invalid_argument");
  assert.equal(code(() => Engine.fromModel('{"levels": [{"id": "o\\udc00"}], "permissions": [], "roles": []}')), "invalid_argument");
});

test("every thrown error has a code, whatever the argument", () => {
  const e = Engine.bizagi(owner("ana@acme.test"));
  const view = e.view("ana@acme.test", "acme/automation/claims");
  const throwing = {
    toString() {
      throw new Error("no string for you");
    },
    toJSON() {
      throw new Error("no JSON for you");
    },
  };
  const odd = [Symbol("s"), throwing, 1n, () => 1, new Proxy({}, { get() { throw new Error("trap"); }, ownKeys() { throw new Error("trap"); } })];
  for (const v of odd) {
    assert.notEqual(code(() => view.has(v)), "no error");
    assert.notEqual(code(() => e.check(v, "project.read", "acme/automation/claims")), "no error");
    assert.notEqual(code(() => e.check("ana@acme.test", v, "acme/automation/claims")), "no error");
    assert.notEqual(code(() => e.check("ana@acme.test", "project.read", "acme/automation/claims", v)), "no error");
    assert.notEqual(code(() => Engine.bizagi(v)), "no error");
    assert.notEqual(code(() => Engine.fromModel(v)), "no error");
    assert.notEqual(code(() => e.matrix().get(v, "project.read")), "no error");
    assert.notEqual(code(() => e.removeScope(v, "acme/automation/claims")), "no error");
    assert.notEqual(code(() => e.addMember("acme", "x@acme.test", v)), "no error");
  }
  assert.equal(code(() => view.has(Symbol("s"))), "invalid_argument");
  // A freed engine says so, with a code.
  const gone = Engine.bizagi(owner("ana@acme.test"));
  assert.equal(gone.check("ana@acme.test", "project.read", "acme/automation/claims"), true);
  gone.free();
  assert.equal(code(() => gone.check("ana@acme.test", "project.read", "acme/automation/claims")), "invalid_argument");
  assert.equal(code(() => gone.exportDirectory()), "invalid_argument");
  gone.free(); // twice is harmless
  // The engine still answers after all that.
  assert.equal(e.check("ana@acme.test", "project.delete", "acme/automation/claims"), true);
});

test("messages are safe to show: every id escaped, in errors and in reasons", () => {
  const hostile = ["a\nb", "x\u202ey", "z\u200bw", "q\r\t", "\u2066acme", "\ufeffana@acme.test"];
  const e = Engine.bizagi(owner("ana@acme.test"));
  let n = 0;
  const collect = (what, fn) => {
    try {
      const r = fn();
      if (r && typeof r.reason === "string") {
        safe(r.reason, what);
        n++;
      }
    } catch (err) {
      safe(err.message, what);
      n++;
    }
  };
  for (const h of hostile) {
    collect("explain user", () => e.explain(h, "project.read", "acme/automation/claims"));
    collect("explain scope", () => e.explain("ana@acme.test", "project.read", `acme/automation/${h}`));
    collect("check permission", () => e.check("ana@acme.test", h, "acme/automation/claims"));
    collect("view has", () => e.view("ana@acme.test", "acme/automation/claims").has(h));
    collect("canAssign", () => e.canAssign(h, "project-owner", "acme/automation/claims", h));
    collect("canAssign role", () => e.canAssign("ana@acme.test", h, "acme/automation/claims", "bo@acme.test"));
    collect("canAssign target", () => e.canAssign("ana@acme.test", "project-contributor", "acme/automation/claims", h));
    collect("assign as", () => e.assign("bo@acme.test", "project-owner", "acme/automation/claims", h));
    collect("revoke as", () => e.revoke("bo@acme.test", "project-owner", "acme/automation/claims", h));
    collect("createScope", () => e.createScope(h, "acme/automation/new"));
    collect("createScope path", () => e.createScope("ana@acme.test", `acme/automation/claims/${h}`));
    collect("removeScope", () => e.removeScope(h, "acme/automation/claims"));
    collect("addMember", () => e.addMember("acme/automation", h, "ana@acme.test"));
    collect("removeMember", () => e.removeMember("acme", "bo@acme.test", h));
    collect("label", () => e.roleLabel(h));
    collect("matrix get", () => e.matrix().get(h, "project.read"));
    collect("context", () => e.explain("ana@acme.test", "portal.work-portal", "acme/automation/claims", { launchedFrom: h }));
    collect("stateless", () => e.explainAssignments(h, [{ role: h, scope: "acme/automation" }], "project.read", "acme/automation/claims"));
    collect("stateless scope", () => e.explainAssignments(h, [{ role: "subscription-owner", scope: h }], "project.read", `acme/${h}/claims`));
    collect("directory", () => Engine.bizagi({ scopes: ["acme", `acme/${h}`], assignments: [{ user: h, role: h, scope: h }] }));
  }
  assert.ok(n >= hostile.length * 20, `only ${n} messages checked`);
});

test("a level_mismatch thrown again is the same error only while nobody changed it", () => {
  const e = Engine.bizagi({
    companies: [{ id: "acme", users: ["ana", "bo"], subscriptions: [{ service: "automation", users: ["ana", "bo"] }] }],
    assignments: [{ user: "ana", role: "company-admin", scope: "acme" }],
  });
  const caught = (f) => {
    try {
      f();
    } catch (x) {
      return x;
    }
    assert.fail("no error");
  };
  const ask = () => caught(() => e.check("bo", "project.delete", "acme/automation"));
  const first = ask();
  assert.ok(first instanceof Error && first.code === "level_mismatch");
  assert.equal(ask(), first, "repeated: the same error");
  assert.equal(caught(() => e.explain("ana", "project.delete", "acme/automation")), first, "explain's too");
  // Whatever a catcher puts on it stays with that catcher.
  const changes = [
    (x) => (x.message += " [request 42]"),
    (x) => (x.status = 400),
    (x) => Object.defineProperty(x, "request", { value: { user: "ana" }, enumerable: false }),
    (x) => (x[Symbol("request")] = { user: "ana" }),
    (x) => (x.code = "E_MISMATCH"),
  ];
  let last = first;
  for (const change of changes) {
    change(last);
    const next = ask();
    assert.notEqual(next, last, String(change));
    assert.equal(next.code, "level_mismatch");
    assert.equal(next.message, first.message.replace(" [request 42]", ""));
    assert.deepEqual(Reflect.ownKeys(next).sort(), ["code", "message", "stack"].sort());
    assert.equal(ask(), next, "kept again once untouched");
    last = next;
  }
  // Another permission or scope is another error.
  assert.notEqual(caught(() => e.check("bo", "project.read", "acme/automation")), last);
  // A scope removed is unknown again, whatever was thrown for it before; created again, it
  // gets a new error.
  e.removeScope("ana", "acme/automation");
  assert.equal(e.check("bo", "project.delete", "acme/automation"), false);
  assert.equal(e.explain("bo", "project.delete", "acme/automation").denial, "unknown_scope");
  e.createScope("ana", "acme/automation");
  const again = ask();
  assert.equal(again.code, "level_mismatch");
  assert.notEqual(again, last);
});
