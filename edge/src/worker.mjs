// The rolecascade edge worker: decides, before a request reaches the origin, whether its user
// may make it. Identity from a signed JWT, the question from the route table, the answer from
// the engine: in stateless mode from the token's own assignments (scopes from the URL path), in
// directory mode (a token without an `assignments` claim) from the tenant's directory in KV.
import { Engine } from "rolecascade";
import routesDoc from "../routes.json";
import { compileRoutes, matchRoute } from "./routes.mjs";
import { verifyRequest, TokenError } from "./jwt.mjs";
import { readConfig, ConfigError } from "./config.mjs";
import { DirectoryCache, DirectoryError } from "./directory.mjs";

// Once per isolate: the stateless engine (default model compiled in), the routes, and the
// tenants' directories as they are loaded.
const engine = Engine.bizagi();
const routes = compileRoutes(routesDoc);
const directories = new DirectoryCache();

// The decision for a token without assignments: the tenant's directory decides, the token's
// `sub` must be one of its users. `check` first (the fast path); `explain` only for a reason.
async function fromDirectory(cfg, identity, match) {
  if (cfg.directory === null) {
    return { allowed: false, reason: "the token has no 'assignments' claim and this worker has no directory (DIRECTORY binding)" };
  }
  const tenant = match.scope.split("/")[0];
  return directories.with(cfg.directory, tenant, { ttlMs: cfg.ttlMs, maxBytes: cfg.cacheBytes }, (e) =>
    e.check(identity.sub, match.permission, match.scope) ? { allowed: true } : e.explain(identity.sub, match.permission, match.scope),
  );
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

function misconfigured(e) {
  console.error(`rolecascade edge: misconfigured: ${e.message}`);
  return json(500, { error: "misconfigured", reason: e.message });
}

// The request as the origin receives it: ORIGIN's path, then the request's path and query;
// every header the client sent (Authorization included) except any `x-rolecascade-*`, which only
// the worker sets.
function forward(request, url, cfg, identity) {
  const target = new URL(cfg.origin + url.pathname + url.search);
  const forwarded = new Request(target, request);
  for (const name of [...forwarded.headers.keys()]) {
    if (name.startsWith("x-rolecascade-")) forwarded.headers.delete(name);
  }
  forwarded.headers.set("x-rolecascade-user", identity.header);
  return fetch(forwarded);
}

export default {
  async fetch(request, env) {
    let url;
    try {
      url = new URL(request.url);
    } catch {
      return json(400, { error: "bad_request", reason: "the request URL cannot be parsed" });
    }
    let cfg;
    try {
      cfg = readConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) return misconfigured(e);
      throw e;
    }
    let match;
    try {
      match = matchRoute(routes, request.method, url.pathname);
    } catch (e) {
      return json(e.status || 400, { error: "bad_request", reason: e.message });
    }
    if (match === null) return json(404, { error: "not_found", reason: `no route for ${request.method} ${url.pathname}` });

    let identity;
    try {
      identity = await verifyRequest(request, cfg);
    } catch (e) {
      if (e instanceof ConfigError) return misconfigured(e);
      const reason = e instanceof TokenError ? e.message : "the token cannot be read";
      return json(401, { error: "unauthorized", reason }, { "www-authenticate": 'Bearer error="invalid_token"' });
    }

    let decision;
    try {
      decision =
        identity.assignments === undefined
          ? await fromDirectory(cfg, identity, match)
          : engine.explainAssignments(identity.sub, identity.assignments, match.permission, match.scope);
    } catch (e) {
      if (e instanceof DirectoryError) {
        if (e.status === 403) return json(403, { error: "forbidden", permission: match.permission, scope: match.scope, reason: e.message });
        return json(503, { error: "unavailable", reason: e.message }, { "retry-after": String(Math.max(1, Math.ceil(cfg.ttlMs / 1000))) });
      }
      if (e && e.code === "unknown_permission") return json(404, { error: "not_found", reason: e.message });
      if (e && e.code === "level_mismatch") return json(500, { error: "misconfigured", reason: e.message });
      return json(500, { error: "internal", reason: "the decision could not be made" });
    }
    if (!decision.allowed) {
      return json(403, { error: "forbidden", permission: match.permission, scope: match.scope, reason: decision.reason });
    }
    if (cfg.origin !== null) return forward(request, url, cfg, identity);
    return json(200, { allowed: true, permission: match.permission, scope: match.scope, user: identity.sub });
  },
};
