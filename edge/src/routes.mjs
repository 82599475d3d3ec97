// Routes: method + URL pattern -> permission + scope template. Shared by the worker (matching)
// and build.mjs (validation), so both read patterns the same way.

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Parses and checks a routes document; throws an Error naming the offending route. */
export function compileRoutes(doc) {
  if (!doc || !Array.isArray(doc.routes)) throw new Error("routes.json: expected { \"routes\": [ ... ] }");
  return doc.routes.map((r, i) => {
    const where = `routes[${i}]`;
    if (!r || typeof r !== "object") throw new Error(`${where}: expected an object`);
    for (const k of Object.keys(r)) {
      if (!["method", "path", "permission", "scope"].includes(k)) throw new Error(`${where}: unknown field '${k}'`);
    }
    for (const k of ["method", "path", "permission", "scope"]) {
      if (typeof r[k] !== "string" || r[k] === "") throw new Error(`${where}.${k}: expected a non-empty string`);
    }
    const method = r.method.toUpperCase();
    if (!METHODS.has(method)) throw new Error(`${where}.method: '${r.method}' is not an HTTP method`);
    if (!r.path.startsWith("/")) throw new Error(`${where}.path: must start with '/'`);
    const segments = r.path.split("/").slice(1);
    const params = [];
    for (const s of segments) {
      if (s === "") throw new Error(`${where}.path: empty segment in '${r.path}'`);
      const m = s.match(PARAM);
      if (m) {
        if (params.includes(m[1])) throw new Error(`${where}.path: parameter ':${m[1]}' appears twice`);
        params.push(m[1]);
      } else if (s.startsWith(":")) {
        throw new Error(`${where}.path: '${s}' is not a valid parameter name`);
      }
    }
    for (const k of ["permission", "scope"]) {
      for (const m of r[k].matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (!params.includes(m[1])) throw new Error(`${where}.${k}: ':${m[1]}' is not a parameter of '${r.path}'`);
      }
    }
    return { method, path: r.path, segments, permission: r.permission, scope: r.scope };
  });
}

function fill(template, values) {
  return template.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name) => values[name]);
}

/**
 * Finds the route for a request. Returns { route, permission, scope } or null; throws an Error
 * with `status` 400 for a path whose segments cannot name a scope (encoded '/', control
 * characters, undecodable escapes).
 */
export function matchRoute(routes, method, pathname) {
  const parts = pathname.split("/").slice(1);
  for (const route of routes) {
    if (route.method !== method && !(method === "HEAD" && route.method === "GET")) continue;
    if (route.segments.length !== parts.length) continue;
    const values = Object.create(null);
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const want = route.segments[i];
      if (want.startsWith(":")) {
        let v;
        try {
          v = decodeURIComponent(parts[i]);
        } catch {
          throw Object.assign(new Error(`path segment '${parts[i]}' is not valid percent-encoding`), { status: 400 });
        }
        if (v === "" || v === "." || v === "..") throw Object.assign(new Error(`path segment '${parts[i]}' cannot name a scope`), { status: 400 });
        if (v.includes("/")) throw Object.assign(new Error(`path segment '${parts[i]}' holds an encoded '/'`), { status: 400 });
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u001f\u007f]/.test(v)) throw Object.assign(new Error("a path segment holds a control character"), { status: 400 });
        values[want.slice(1)] = v;
      } else if (want !== parts[i]) {
        ok = false;
      }
    }
    if (ok) return { route, permission: fill(route.permission, values), scope: fill(route.scope, values) };
  }
  return null;
}
