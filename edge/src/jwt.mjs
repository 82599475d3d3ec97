// JWT verification with WebCrypto, following RFC 8725 (JWT best current practices). The
// configured key decides the algorithm: TOKEN_SECRET verifies HS256 tokens only, TOKEN_PUBLIC_KEY
// (an Ed25519 JWK) EdDSA tokens only; the header's `alg` must name the algorithm of a configured
// key and never picks anything else. Everything that can be wrong with a token ends in
// `TokenError` (answered with 401); a key that cannot be used is a `ConfigError` (500). Nothing
// here throws anything else for any input.
//
// Why not `jose`: it accepts what this worker must refuse (padded or non-canonical base64url, a
// `crit` naming `b64`, HMAC secrets of any length, `exp` any distance ahead), so every one of
// those checks would sit in front of it anyway, for 5 KB more gzipped. SECURITY.md says more.
import { ConfigError } from "./config.mjs";

export class TokenError extends Error {}

const MAX_TOKEN_BYTES = 8192;
const MAX_ASSIGNMENTS = 256;
const encoder = new TextEncoder();
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64URL = /^[A-Za-z0-9_-]*$/;

/** A value from the token, quoted for a message: short, and printable ASCII only. */
export function quote(v) {
  const s = typeof v === "string" ? v : String(JSON.stringify(v));
  const cut = s.length > 64 ? `${s.slice(0, 64)}...` : s;
  // eslint-disable-next-line no-control-regex
  return `'${cut.replace(/[^\x20-\x7e]|['\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}'`;
}

/**
 * Canonical base64url (RFC 7515 section 2, RFC 4648 section 5): the URL-safe alphabet, no
 * padding, and no set bits in the unused low bits of the final character. Each byte string has
 * exactly one such encoding, so a token's signature cannot be varied without changing its bytes.
 */
export function b64urlBytes(s, what) {
  if (!B64URL.test(s) || s.length % 4 === 1) throw new TokenError(`${what} is not base64url`);
  const rest = s.length % 4;
  if (rest !== 0) {
    const last = ALPHABET.indexOf(s[s.length - 1]);
    // 2 characters carry 1 byte (4 bits unused), 3 characters carry 2 bytes (2 bits unused).
    if (last & (rest === 2 ? 0x0f : 0x03)) throw new TokenError(`${what} is not canonical base64url (unused bits are set)`);
  }
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - rest) % 4));
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

function hmacKey(hs) {
  const k = `hs:${hs.secret}`;
  if (!keyCache.has(k)) {
    keyCache.set(k, crypto.subtle.importKey("raw", hs.bytes, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]));
  }
  return keyCache.get(k);
}

async function edKey(jwk) {
  const k = `ed:${jwk.x}`;
  if (!keyCache.has(k)) {
    const p = crypto.subtle.importKey("jwk", jwk, { name: "Ed25519" }, false, ["verify"]);
    p.catch(() => keyCache.delete(k));
    keyCache.set(k, p);
  }
  try {
    return await keyCache.get(k);
  } catch {
    throw new ConfigError("TOKEN_PUBLIC_KEY cannot be imported as an Ed25519 public key");
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The subject as `x-rolecascade-user` carries it: unchanged when it is printable ASCII without
 * '%', otherwise percent-encoded as UTF-8 (RFC 3986) for '%' and every character outside
 * printable ASCII, so `decodeURIComponent(header)` gives back the token's `sub` exactly, and two
 * different subjects never give one header value. A `sub` that no header value can carry
 * exactly is refused: leading or trailing whitespace (HTTP strips it), control characters, and
 * text that is not well-formed Unicode.
 */
export function subjectHeader(sub) {
  if (/^\s|\s$/u.test(sub)) throw new TokenError(`the token's 'sub' ${quote(sub)} has leading or trailing whitespace, which a header cannot carry exactly`);
  if (CONTROL.test(sub)) throw new TokenError(`the token's 'sub' ${quote(sub)} holds a control character`);
  try {
    // Every character outside printable ASCII, and '%' itself, as UTF-8 escapes. encodeURI
    // throws on lone surrogates.
    return sub.replace(/[^\x20-\x24\x26-\x7e]+/g, (run) => encodeURIComponent(run));
  } catch {
    throw new TokenError(`the token's 'sub' ${quote(sub)} is not well-formed Unicode`);
  }
}

/**
 * Verifies `Authorization: Bearer <jwt>` against the configuration (`readConfig`) and returns
 * `{ sub, header, assignments }`: `header` is the subject as the origin receives it,
 * `assignments` is undefined when the token has no `assignments` claim (directory mode).
 */
export async function verifyRequest(request, cfg, nowSeconds = Math.floor(Date.now() / 1000)) {
  const authorization = request.headers.get("authorization");
  if (authorization === null) throw new TokenError("no Authorization header");
  if (authorization.length > MAX_TOKEN_BYTES) throw new TokenError("the Authorization header is too large");
  const m = authorization.match(/^Bearer ([^\s]+)$/);
  if (!m) throw new TokenError("the Authorization header is not 'Bearer <token>'");
  const parts = m[1].split(".");
  if (parts.length !== 3) throw new TokenError("a token has three dot-separated parts");
  const [h, p, s] = parts;
  const head = b64urlJson(h, "the token header");
  // RFC 7515 4.1.11: a recipient must refuse a token whose `crit` names an extension it does not
  // understand; this worker understands none, so any `crit` is refused.
  if (Object.hasOwn(head, "crit")) throw new TokenError("the token header has a 'crit' parameter; no critical extension is supported");
  const alg = head.alg;
  const configured = [cfg.hs && "HS256", cfg.ed && "EdDSA"].filter(Boolean).join(" or ");
  const data = encoder.encode(`${h}.${p}`);
  const sig = b64urlBytes(s, "the token signature");
  let ok;
  if (alg === "HS256" && cfg.hs) {
    if (sig.length !== 32) throw new TokenError("the token signature is not an HS256 signature (32 bytes)");
    ok = await crypto.subtle.verify("HMAC", await hmacKey(cfg.hs), sig, data);
  } else if (alg === "EdDSA" && cfg.ed) {
    if (sig.length !== 64) throw new TokenError("the token signature is not an Ed25519 signature (64 bytes)");
    ok = await crypto.subtle.verify({ name: "Ed25519" }, await edKey(cfg.ed), sig, data);
  } else {
    throw new TokenError(`token algorithm ${quote(alg)} is not accepted: the configured key takes ${configured}`);
  }
  if (!ok) throw new TokenError("the token signature does not verify");

  const claims = b64urlJson(p, "the token payload");
  if (typeof claims.sub !== "string" || claims.sub === "") throw new TokenError("the token has no subject ('sub')");
  const header = subjectHeader(claims.sub);
  if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) throw new TokenError("the token has no expiry ('exp')");
  if (claims.exp <= nowSeconds) throw new TokenError("the token has expired");
  if (claims.exp - nowSeconds > cfg.maxLifetime) {
    throw new TokenError(`the token's expiry lies more than ${cfg.maxLifetime} seconds ahead (TOKEN_MAX_LIFETIME)`);
  }
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== "number" || !Number.isFinite(claims.nbf)) throw new TokenError("the token's 'nbf' is not a number");
    if (claims.nbf > nowSeconds) throw new TokenError("the token is not valid yet");
  }
  if (cfg.issuer !== null && claims.iss !== cfg.issuer) {
    throw new TokenError(claims.iss === undefined ? "the token has no issuer ('iss')" : `the token's issuer ${quote(claims.iss)} is not the configured one`);
  }
  checkAudience(claims.aud, cfg.audience);

  let assignments;
  if (claims.assignments !== undefined) {
    const list = claims.assignments;
    if (!Array.isArray(list) || list.length > MAX_ASSIGNMENTS) throw new TokenError("the token's 'assignments' is not a list of at most 256 items");
    for (const a of list) {
      if (!a || typeof a.role !== "string" || typeof a.scope !== "string") throw new TokenError("each token assignment needs a string 'role' and 'scope'");
    }
    assignments = list.map((a) => ({ role: a.role, scope: a.scope }));
  }
  return { sub: claims.sub, header, assignments };
}

// RFC 7519 4.1.3: a recipient that does not identify itself with a value of `aud` must refuse
// the token. With TOKEN_AUDIENCE set, `aud` (a string or a list of strings) must include it;
// without it, a token that names any audience is meant for someone else and is refused.
function checkAudience(aud, audience) {
  if (aud === undefined) {
    if (audience !== null) throw new TokenError("the token has no audience ('aud')");
    return;
  }
  const list = typeof aud === "string" ? [aud] : aud;
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === "string")) {
    throw new TokenError("the token's 'aud' is not a string or a list of strings");
  }
  if (audience === null) throw new TokenError("the token names an audience ('aud') but this worker has none configured (TOKEN_AUDIENCE)");
  if (!list.includes(audience)) throw new TokenError("the token's audience ('aud') does not include this worker's");
}
