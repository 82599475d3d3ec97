// The worker's bindings, read and checked in one place. A binding that is set but unusable is a
// `ConfigError`, which the worker answers with 500 `misconfigured` for every request: a mistake
// in configuration never turns into an allow, and never hides behind a 401 or a 403 that would
// look like the caller's fault.

export class ConfigError extends Error {}

const MIN_SECRET_BYTES = 32;
const DEFAULT_MAX_LIFETIME = 86400;
const DEFAULT_TTL = 30;
/** Directory bytes (as stored in KV) the per-isolate cache may hold: see README. */
export const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;

const utf8 = new TextEncoder();

function seconds(value, name, fallback, { allowZero }) {
  if (value === undefined) return fallback;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
    throw new ConfigError(`${name} must be a ${allowZero ? "non-negative" : "positive"} number of seconds, not ${JSON.stringify(String(value)).slice(0, 40)}`);
  }
  return n;
}

function nonEmpty(value, name) {
  if (value === undefined) return null;
  if (typeof value !== "string" || value === "") throw new ConfigError(`${name} is set but is not a non-empty string`);
  return value;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

// An Ed25519 SubjectPublicKeyInfo is this 12-byte DER prefix and the 32-byte key (RFC 8410).
const ED25519_SPKI_PREFIX = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

function ed25519Pem(text) {
  const m = text.trim().match(/^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----$/);
  if (!m) throw new ConfigError("TOKEN_PUBLIC_KEY is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  let der;
  try {
    der = atob(m[1].replace(/\s+/g, ""));
  } catch {
    throw new ConfigError("TOKEN_PUBLIC_KEY's PEM body is not base64");
  }
  if (der.length !== 44 || ED25519_SPKI_PREFIX.some((b, i) => der.charCodeAt(i) !== b)) {
    throw new ConfigError("TOKEN_PUBLIC_KEY's PEM is not an Ed25519 public key");
  }
  const x = btoa(der.slice(12)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return { kty: "OKP", crv: "Ed25519", x };
}

function ed25519Jwk(value) {
  let jwk = value;
  if (typeof value === "string" && value.trim().startsWith("-----BEGIN")) return ed25519Pem(value);
  if (typeof value === "string") {
    try {
      jwk = JSON.parse(value);
    } catch {
      throw new ConfigError("TOKEN_PUBLIC_KEY is not a JSON Web Key (JSON)");
    }
  }
  if (!jwk || typeof jwk !== "object" || Array.isArray(jwk)) throw new ConfigError("TOKEN_PUBLIC_KEY is not a JSON Web Key object");
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519") throw new ConfigError("TOKEN_PUBLIC_KEY must be an Ed25519 key (kty 'OKP', crv 'Ed25519')");
  if (jwk.d !== undefined) throw new ConfigError("TOKEN_PUBLIC_KEY holds a private key ('d'): bind the public key only");
  if (typeof jwk.x !== "string" || jwk.x.length !== 43 || !B64URL.test(jwk.x)) throw new ConfigError("TOKEN_PUBLIC_KEY's 'x' is not a 32-byte base64url value");
  if (jwk.alg !== undefined && jwk.alg !== "EdDSA") throw new ConfigError("TOKEN_PUBLIC_KEY's 'alg' must be 'EdDSA' when present");
  if (jwk.use !== undefined && jwk.use !== "sig") throw new ConfigError("TOKEN_PUBLIC_KEY's 'use' must be 'sig' when present");
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes("verify"))) throw new ConfigError("TOKEN_PUBLIC_KEY's 'key_ops' must include 'verify' when present");
  return { kty: "OKP", crv: "Ed25519", x: jwk.x };
}

function origin(value) {
  if (value === undefined) return null;
  let u;
  try {
    u = new URL(String(value));
  } catch {
    throw new ConfigError("ORIGIN is not an absolute URL");
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new ConfigError("ORIGIN must be an http or https URL");
  if (u.search !== "" || u.hash !== "" || String(value).includes("?") || String(value).includes("#")) throw new ConfigError("ORIGIN must not have a query or a fragment");
  if (u.username !== "" || u.password !== "") throw new ConfigError("ORIGIN must not hold credentials");
  // The request path is appended to ORIGIN's path: https://o.example/base + /api/x ->
  // https://o.example/base/api/x. A trailing slash on ORIGIN does not double the slash.
  return u.origin + u.pathname.replace(/\/+$/, "");
}

function kvNamespace(value) {
  if (value === undefined) return null;
  if (!value || typeof value.get !== "function") throw new ConfigError("DIRECTORY is set but is not a KV namespace binding");
  return value;
}

function cacheBytes(value) {
  if (value === undefined) return DEFAULT_CACHE_BYTES;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError("DIRECTORY_CACHE_BYTES must be a positive whole number of bytes");
  return n;
}

/** The configuration from the bindings, or a ConfigError naming what is wrong. */
export function readConfig(env) {
  const secret = env.TOKEN_SECRET;
  let hs = null;
  if (secret !== undefined) {
    if (typeof secret !== "string") throw new ConfigError("TOKEN_SECRET is not a string");
    const bytes = utf8.encode(secret);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new ConfigError(`TOKEN_SECRET is ${bytes.length} bytes; an HS256 secret must be at least ${MIN_SECRET_BYTES} bytes`);
    }
    hs = { secret, bytes };
  }
  const ed = env.TOKEN_PUBLIC_KEY === undefined ? null : ed25519Jwk(env.TOKEN_PUBLIC_KEY);
  if (hs === null && ed === null) throw new ConfigError("no token key is configured: set TOKEN_SECRET (HS256) or TOKEN_PUBLIC_KEY (EdDSA)");
  return {
    hs,
    ed,
    issuer: nonEmpty(env.TOKEN_ISSUER, "TOKEN_ISSUER"),
    audience: nonEmpty(env.TOKEN_AUDIENCE, "TOKEN_AUDIENCE"),
    maxLifetime: seconds(env.TOKEN_MAX_LIFETIME, "TOKEN_MAX_LIFETIME", DEFAULT_MAX_LIFETIME, { allowZero: false }),
    origin: origin(env.ORIGIN),
    directory: kvNamespace(env.DIRECTORY),
    ttlMs: seconds(env.DIRECTORY_TTL, "DIRECTORY_TTL", DEFAULT_TTL, { allowZero: true }) * 1000,
    cacheBytes: cacheBytes(env.DIRECTORY_CACHE_BYTES),
  };
}
