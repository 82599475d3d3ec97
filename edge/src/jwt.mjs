// JWT verification with WebCrypto: HS256 (shared secret) and EdDSA (Ed25519 public key as JWK).
// Everything that can be wrong with a token ends in `TokenError`, which the worker answers
// with 401; nothing here throws anything else for any input.

export class TokenError extends Error {}

const MAX_TOKEN_BYTES = 8192;
const MAX_ASSIGNMENTS = 256;
const encoder = new TextEncoder();

function b64urlBytes(s, what) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new TokenError(`${what} is not base64url`);
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  let bin;
  try {
    bin = atob(b64);
  } catch {
    throw new TokenError(`${what} is not base64url`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function b64urlJson(s, what) {
  let v;
  try {
    v = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b64urlBytes(s, what)));
  } catch (e) {
    if (e instanceof TokenError) throw e;
    throw new TokenError(`${what} is not JSON`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new TokenError(`${what} is not a JSON object`);
  return v;
}

// Keys are imported once per isolate and reused.
const keyCache = new Map();

async function hmacKey(secret) {
  const k = `hs:${secret}`;
  if (!keyCache.has(k)) {
    keyCache.set(k, crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]));
  }
  return keyCache.get(k);
}

async function edKey(jwkText) {
  const k = `ed:${jwkText}`;
  if (!keyCache.has(k)) {
    const p = (async () => {
      const jwk = typeof jwkText === "string" ? JSON.parse(jwkText) : jwkText;
      return crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
    })();
    p.catch(() => keyCache.delete(k));
    keyCache.set(k, p);
  }
  return keyCache.get(k);
}

/**
 * Verifies `Authorization: Bearer <jwt>` and returns { sub, assignments }.
 * `env.TOKEN_SECRET` enables HS256, `env.TOKEN_PUBLIC_KEY` (a JWK) enables EdDSA.
 */
export async function verifyRequest(request, env, nowSeconds = Math.floor(Date.now() / 1000)) {
  const header = request.headers.get("authorization");
  if (header === null) throw new TokenError("no Authorization header");
  if (header.length > MAX_TOKEN_BYTES) throw new TokenError("the Authorization header is too large");
  const m = header.match(/^Bearer ([^\s]+)$/);
  if (!m) throw new TokenError("the Authorization header is not 'Bearer <token>'");
  const parts = m[1].split(".");
  if (parts.length !== 3) throw new TokenError("a token has three dot-separated parts");
  const [h, p, s] = parts;
  const head = b64urlJson(h, "the token header");
  const alg = head.alg;
  let ok;
  const data = encoder.encode(`${h}.${p}`);
  const sig = b64urlBytes(s, "the token signature");
  if (alg === "HS256") {
    if (typeof env.TOKEN_SECRET !== "string" || env.TOKEN_SECRET === "") throw new TokenError("HS256 tokens are not accepted here");
    ok = await crypto.subtle.verify("HMAC", await hmacKey(env.TOKEN_SECRET), sig, data);
  } else if (alg === "EdDSA") {
    if (!env.TOKEN_PUBLIC_KEY) throw new TokenError("EdDSA tokens are not accepted here");
    let key;
    try {
      key = await edKey(env.TOKEN_PUBLIC_KEY);
    } catch {
      throw new TokenError("the EdDSA public key is not usable");
    }
    ok = await crypto.subtle.verify({ name: "Ed25519" }, key, sig, data);
  } else {
    throw new TokenError(`token algorithm '${String(alg)}' is not accepted`);
  }
  if (!ok) throw new TokenError("the token signature does not verify");
  const claims = b64urlJson(p, "the token payload");
  if (typeof claims.sub !== "string" || claims.sub === "") throw new TokenError("the token has no subject ('sub')");
  if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) throw new TokenError("the token has no expiry ('exp')");
  if (claims.exp <= nowSeconds) throw new TokenError("the token has expired");
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== "number" || !Number.isFinite(claims.nbf)) throw new TokenError("the token's 'nbf' is not a number");
    if (claims.nbf > nowSeconds) throw new TokenError("the token is not valid yet");
  }
  const assignments = claims.assignments === undefined ? [] : claims.assignments;
  if (!Array.isArray(assignments) || assignments.length > MAX_ASSIGNMENTS) throw new TokenError("the token's 'assignments' is not a list of at most 256 items");
  for (const a of assignments) {
    if (!a || typeof a.role !== "string" || typeof a.scope !== "string") throw new TokenError("each token assignment needs a string 'role' and 'scope'");
  }
  return { sub: claims.sub, assignments: assignments.map((a) => ({ role: a.role, scope: a.scope })) };
}
