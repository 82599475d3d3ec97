// RFC 8725 in the worker, in a real workerd: the configured key decides the algorithm, `crit` is
// refused, issuer and audience are honoured, lifetimes are bounded, only canonical base64url is
// read, the subject must be carried exactly, and a configuration that cannot be trusted answers
// 500 `misconfigured` for every request instead of deciding anything.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { SECRET, otherKeys, publicJwk, keys, now, b64u, token, bearer, startWorkers } from "./helpers.mjs";

const PATH = "/api/acme/automation/claims/production/mc/security";
const owner = [{ role: "subscription-owner", scope: "acme/automation" }];
const ana = (extra = {}) => ({ sub: "ana@acme.test", exp: now() + 3600, assignments: owner, ...extra });
const privateJwk = JSON.stringify(keys.privateKey.export({ format: "jwk" }));

let w;
before(async () => {
  w = await startWorkers({
    both: { TOKEN_SECRET: SECRET, TOKEN_PUBLIC_KEY: publicJwk },
    hs: { TOKEN_SECRET: SECRET },
    ed: { TOKEN_PUBLIC_KEY: publicJwk },
    edPem: { TOKEN_PUBLIC_KEY: keys.publicKey.export({ format: "pem", type: "spki" }) },
    pemX25519: { TOKEN_PUBLIC_KEY: generateKeyPairSync("x25519").publicKey.export({ format: "pem", type: "spki" }) },
    pemPrivate: { TOKEN_PUBLIC_KEY: keys.privateKey.export({ format: "pem", type: "pkcs8" }) },
    claims: { TOKEN_SECRET: SECRET, TOKEN_ISSUER: "https://issuer.test", TOKEN_AUDIENCE: "edge.test" },
    life: { TOKEN_SECRET: SECRET, TOKEN_MAX_LIFETIME: "600" },
    exact32: { TOKEN_SECRET: "k".repeat(32) },
    short: { TOKEN_SECRET: "k".repeat(31) },
    shortUtf8: { TOKEN_SECRET: "\u00e9".repeat(15) }, // 15 characters, 30 bytes
    shortWithKey: { TOKEN_SECRET: "k".repeat(16), TOKEN_PUBLIC_KEY: publicJwk },
    noKey: {},
    jwkNotJson: { TOKEN_PUBLIC_KEY: "not json" },
    jwkPrivate: { TOKEN_PUBLIC_KEY: privateJwk },
    jwkWrongCurve: { TOKEN_PUBLIC_KEY: JSON.stringify({ kty: "OKP", crv: "X25519", x: JSON.parse(publicJwk).x }) },
    jwkOct: { TOKEN_PUBLIC_KEY: JSON.stringify({ kty: "oct", k: b64u(SECRET) }) },
    badLifetime: { TOKEN_SECRET: SECRET, TOKEN_MAX_LIFETIME: "a day" },
    emptyIssuer: { TOKEN_SECRET: SECRET, TOKEN_ISSUER: "" },
    badOrigin: { TOKEN_SECRET: SECRET, ORIGIN: "https://origin.test/base?x=1" },
    badTtl: { TOKEN_SECRET: SECRET, DIRECTORY_TTL: "-1" },
  });
});
after(async () => {
  await w?.mf.dispose();
});

const call = (worker, auth, path = PATH) => w.call(worker, path, { auth });

async function refused(worker, auth, reason, name = reason) {
  const r = await call(worker, auth);
  assert.equal(r.status, 401, `${name}: ${JSON.stringify(r.body)}`);
  assert.equal(r.body.error, "unauthorized", name);
  assert.match(r.body.reason, reason, name);
  assert.equal(r.headers.get("www-authenticate"), 'Bearer error="invalid_token"');
}

test("the configured key decides the algorithm; the header only has to agree", async () => {
  assert.equal((await call("hs", bearer(ana()))).status, 200);
  assert.equal((await call("ed", bearer(ana(), { alg: "EdDSA" }))).status, 200);
  // The public key may also be bound as PEM (SubjectPublicKeyInfo).
  assert.equal((await call("edPem", bearer(ana(), { alg: "EdDSA" }))).status, 200);
  await refused("edPem", bearer(ana(), { alg: "EdDSA", key: otherKeys.privateKey }), /does not verify/);
  await refused("edPem", bearer(ana()), /'HS256' is not accepted: the configured key takes EdDSA/);
  // A valid EdDSA token where only a secret is configured, and the reverse.
  await refused("hs", bearer(ana(), { alg: "EdDSA" }), /token algorithm 'EdDSA' is not accepted: the configured key takes HS256/);
  await refused("ed", bearer(ana()), /token algorithm 'HS256' is not accepted: the configured key takes EdDSA/);
  // The classic confusion: HS256 "signed" with the public key's own text as the secret.
  await refused("ed", bearer(ana(), { secret: publicJwk }), /'HS256' is not accepted/);
  await refused("ed", bearer(ana(), { secret: JSON.parse(publicJwk).x }), /'HS256' is not accepted/);
  // Both configured: each key verifies its own algorithm only.
  assert.equal((await call("both", bearer(ana()))).status, 200);
  assert.equal((await call("both", bearer(ana(), { alg: "EdDSA" }))).status, 200);
  const [h, p] = token(ana(), { alg: "EdDSA" }).split(".");
  const hsSigOverEd = b64u(createHmac("sha256", SECRET).update(`${h}.${p}`).digest());
  await refused("both", `Bearer ${h}.${p}.${hsSigOverEd}`, /not an Ed25519 signature/);
  for (const alg of ["none", "HS384", "HS512", "RS256", "ES256", "Ed25519", "hs256", null, 256]) {
    await refused("both", bearer(ana(), { header: { alg, typ: "JWT" } }), /is not accepted: the configured key takes HS256 or EdDSA/, String(alg));
  }
  await refused("both", bearer(ana(), { header: { typ: "JWT" } }), /token algorithm 'undefined' is not accepted/);
  await refused("both", bearer(ana(), { alg: "EdDSA", key: otherKeys.privateKey }), /does not verify/);
});

test("a crit header is refused, whatever it names", async () => {
  for (const crit of [["exp"], ["b64"], [], "exp"]) {
    await refused("hs", bearer(ana(), { header: { alg: "HS256", crit, b64: true } }), /'crit' parameter/, JSON.stringify(crit));
  }
  // Unknown header parameters without crit are ignored; jku/jwk/x5u are never used as keys.
  const jwk = JSON.parse(JSON.stringify(otherKeys.publicKey.export({ format: "jwk" })));
  assert.equal((await call("hs", bearer(ana(), { header: { alg: "HS256", kid: "k1", jku: "https://evil.test/jwks" } }))).status, 200);
  await refused("ed", bearer(ana(), { alg: "EdDSA", key: otherKeys.privateKey, header: { alg: "EdDSA", jwk } }), /does not verify/);
});

test("TOKEN_ISSUER and TOKEN_AUDIENCE are honoured when set; aud may be a list", async () => {
  const iss = "https://issuer.test";
  assert.equal((await call("claims", bearer(ana({ iss, aud: "edge.test" })))).status, 200);
  assert.equal((await call("claims", bearer(ana({ iss, aud: ["api.test", "edge.test"] })))).status, 200);
  await refused("claims", bearer(ana({ aud: "edge.test" })), /no issuer/);
  await refused("claims", bearer(ana({ iss: "https://evil.test", aud: "edge.test" })), /issuer 'https:\/\/evil.test' is not the configured one/);
  await refused("claims", bearer(ana({ iss: [iss], aud: "edge.test" })), /issuer .* is not the configured one/);
  await refused("claims", bearer(ana({ iss })), /no audience/);
  await refused("claims", bearer(ana({ iss, aud: "api.test" })), /does not include this worker's/);
  await refused("claims", bearer(ana({ iss, aud: ["api.test"] })), /does not include this worker's/);
  await refused("claims", bearer(ana({ iss, aud: [] })), /not a string or a list of strings/);
  await refused("claims", bearer(ana({ iss, aud: ["edge.test", 7] })), /not a string or a list of strings/);
  // Without TOKEN_AUDIENCE, a token addressed to an audience is someone else's (RFC 7519 4.1.3);
  // without TOKEN_ISSUER, any issuer is accepted.
  await refused("hs", bearer(ana({ aud: "api.test" })), /names an audience .* none configured/);
  assert.equal((await call("hs", bearer(ana({ iss: "anyone" })))).status, 200);
});

test("tokens whose exp lies more than TOKEN_MAX_LIFETIME ahead are refused", async () => {
  // The default: 86400 seconds.
  assert.equal((await call("hs", bearer(ana({ exp: now() + 86400 - 30 })))).status, 200);
  await refused("hs", bearer(ana({ exp: now() + 86400 + 60 })), /more than 86400 seconds ahead/);
  await refused("hs", bearer(ana({ exp: 1e12 })), /more than 86400 seconds ahead/);
  assert.equal((await call("life", bearer(ana({ exp: now() + 500 })))).status, 200);
  await refused("life", bearer(ana({ exp: now() + 3600 })), /more than 600 seconds ahead/);
});

test("only canonical base64url is read", async () => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // Setting an unused low bit of the final character: other text, the same bytes.
  const flip = (s) => s.slice(0, -1) + alphabet[alphabet.indexOf(s.at(-1)) ^ 1];
  for (const [worker, alg] of [["hs", "HS256"], ["ed", "EdDSA"]]) {
    const good = token(ana(), { alg });
    const [h, p, s] = good.split(".");
    assert.equal((await call(worker, `Bearer ${good}`)).status, 200);
    assert.notEqual(s.length % 4, 0); // 43 (HS256) and 86 (EdDSA) characters: bits to spare
    assert.deepEqual(Buffer.from(flip(s), "base64url"), Buffer.from(s, "base64url")); // same bytes
    await refused(worker, `Bearer ${h}.${p}.${flip(s)}`, /signature is not canonical base64url/, `${alg} signature`);
    await refused(worker, `Bearer ${h}.${p}.${s}=`, /signature is not base64url/, `${alg} padded`);
    await refused(worker, `Bearer ${h}.${p}.${s.slice(0, -2)}+${s.at(-1)}`, /signature is not base64url/, `${alg} standard alphabet`);
    await refused(worker, `Bearer ${h}.${p}.${s}A`, /signature is not /, `${alg} one character more`);
  }
  // The header and payload parts too (re-signed, so only the encoding is wrong).
  const sign = (h, p) => `${h}.${p}.${b64u(createHmac("sha256", SECRET).update(`${h}.${p}`).digest())}`;
  const h = b64u(JSON.stringify({ alg: "HS256" }));
  let p = b64u(JSON.stringify(ana()));
  for (let pad = ""; p.length % 4 === 0; pad += "x") p = b64u(JSON.stringify(ana({ pad })));
  assert.equal((await call("hs", `Bearer ${sign(h, p)}`)).status, 200);
  await refused("hs", `Bearer ${sign(h, flip(p))}`, /payload is not canonical base64url/);
  let h2 = h;
  for (let kid = ""; h2.length % 4 === 0; kid += "k") h2 = b64u(JSON.stringify({ alg: "HS256", kid }));
  assert.equal((await call("hs", `Bearer ${sign(h2, p)}`)).status, 200);
  await refused("hs", `Bearer ${sign(flip(h2), p)}`, /header is not canonical base64url/);
});

test("an HMAC secret shorter than 32 bytes authorises nothing: 500 misconfigured", async () => {
  assert.equal((await call("exact32", bearer(ana(), { secret: "k".repeat(32) }))).status, 200);
  for (const [worker, secret, bytes] of [["short", "k".repeat(31), 31], ["shortUtf8", "\u00e9".repeat(15), 30], ["shortWithKey", "k".repeat(16), 16]]) {
    // A token correctly signed with the weak secret, an EdDSA token, and no token at all.
    for (const auth of [bearer(ana(), { secret }), bearer(ana(), { alg: "EdDSA" }), undefined]) {
      const r = await call(worker, auth);
      assert.equal(r.status, 500, `${worker}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "misconfigured");
      assert.match(r.body.reason, new RegExp(`TOKEN_SECRET is ${bytes} bytes; an HS256 secret must be at least 32 bytes`));
    }
  }
});

test("other bad configurations are a clear 500, never an allow", async () => {
  const cases = {
    noKey: /no token key is configured/,
    jwkNotJson: /TOKEN_PUBLIC_KEY is not a JSON Web Key/,
    jwkPrivate: /TOKEN_PUBLIC_KEY holds a private key/,
    jwkWrongCurve: /must be an Ed25519 key/,
    jwkOct: /must be an Ed25519 key/,
    pemX25519: /TOKEN_PUBLIC_KEY's PEM is not an Ed25519 public key/,
    pemPrivate: /TOKEN_PUBLIC_KEY is not a PEM public key/,
    badLifetime: /TOKEN_MAX_LIFETIME must be a positive number of seconds/,
    emptyIssuer: /TOKEN_ISSUER is set but is not a non-empty string/,
    badOrigin: /ORIGIN must not have a query/,
    badTtl: /DIRECTORY_TTL must be a non-negative number of seconds/,
  };
  for (const [worker, reason] of Object.entries(cases)) {
    for (const auth of [bearer(ana()), bearer(ana(), { alg: "EdDSA" })]) {
      const r = await call(worker, auth);
      assert.equal(r.status, 500, `${worker}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(Object.keys(r.body), ["error", "reason"]);
      assert.equal(r.body.error, "misconfigured", worker);
      assert.match(r.body.reason, reason, worker);
    }
  }
});

test("a sub that a header cannot carry exactly is refused", async () => {
  for (const sub of [" admin", "admin ", "\tadmin", "admin\u00a0", "\u2028admin", "ad\nmin", "ad\u0000min", "ad\u007fmin", "ad\u0085min", "ana\ud800", "ana\udfff@acme.test"]) {
    const r = await call("hs", bearer(ana({ sub })));
    assert.equal(r.status, 401, `${JSON.stringify(sub)}: ${JSON.stringify(r.body)}`);
    assert.match(r.body.reason, /the token's 'sub' .* (whitespace|control character|not well-formed Unicode)/, JSON.stringify(sub));
    // The reason quotes the sub in printable ASCII only.
    assert.match(r.body.reason, /^[\x20-\x7e]*$/);
  }
  // Inner spaces, non-ASCII and '%' are carried (see forwarding.test.mjs for the header).
  for (const sub of ["ana maria@acme.test", "jos\u00e9@acme.test", "50%off@acme.test", "\u6771\u4eac"]) {
    const r = await call("hs", bearer(ana({ sub })));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.user, sub);
  }
});
