// The rolecascade edge worker: decides, before a request reaches the origin, whether its user
// may make it. Identity from a signed JWT, the question from the route table, the answer from
// the engine in stateless mode (the token's own assignments; scopes from the URL path).
import { Engine } from "rolecascade";
import routesDoc from "../routes.json";
import { compileRoutes, matchRoute } from "./routes.mjs";
import { verifyRequest, TokenError } from "./jwt.mjs";

// Once per isolate: the engine (default model compiled in) and the routes.
const engine = Engine.bizagi();
const routes = compileRoutes(routesDoc);

function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

export default {
  async fetch(request, env) {
    let url;
    try {
      url = new URL(request.url);
    } catch {
      return json(400, { error: "bad_request", reason: "the request URL cannot be parsed" });
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
      identity = await verifyRequest(request, env);
    } catch (e) {
      const reason = e instanceof TokenError ? e.message : "the token cannot be read";
      return json(401, { error: "unauthorized", reason });
    }

    let decision;
    try {
      decision = engine.explainAssignments(identity.sub, identity.assignments, match.permission, match.scope);
    } catch (e) {
      if (e && e.code === "unknown_permission") return json(404, { error: "not_found", reason: e.message });
      if (e && e.code === "level_mismatch") return json(500, { error: "misconfigured", reason: e.message });
      return json(500, { error: "internal", reason: "the decision could not be made" });
    }
    if (!decision.allowed) {
      return json(403, { error: "forbidden", permission: match.permission, scope: match.scope, reason: decision.reason });
    }
    if (env.ORIGIN) {
      const target = new URL(url.pathname + url.search, env.ORIGIN);
      const forwarded = new Request(target, request);
      forwarded.headers.set("x-rolecascade-user", identity.sub);
      return fetch(forwarded);
    }
    return json(200, { allowed: true, permission: match.permission, scope: match.scope, user: identity.sub });
  },
};
