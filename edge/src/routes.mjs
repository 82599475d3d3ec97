// Routes: method + URL pattern -> permission + scope template. Shared by the worker (matching)
// and build.mjs (validation), so both read patterns the same way.
//
// Precedence: for a request, among the routes of its method (and, for HEAD, the GET routes) with
// as many segments as its path, the most specific route wins. Two routes are compared segment by
// segment from the left; at the first position where one has a literal and the other a parameter,
// the literal wins. `GET /api/:company/:service/users` therefore wins over
// `GET /api/:company/:service/:project` for `/api/acme/automation/users`, wherever the two appear
// in the file. Two routes that can match the same request with the same method and are equally
// specific (the same literals at the same positions) are refused when the table is compiled, so
// the order of the file never decides anything.

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const describe = (r) => `routes[${r.index}] (${r.method} ${r.path})`;

// The methods of the requests a route answers: a GET route also answers HEAD.
const answers = (r) => (r.method === "GET" ? ["GET", "HEAD"] : [r.method]);

/** Negative when `a` is more specific than `b`, positive when less, 0 when equally specific. */
function bySpecificity(a, b) {
  for (let i = 0; i < a.segments.length; i++) {
    const pa = a.params[i] !== null;
    const pb = b.params[i] !== null;
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

/** True when some path matches both routes (same length, no two different literals facing). */
function overlap(a, b) {
  if (a.segments.length !== b.segments.length) return false;
  for (let i = 0; i < a.segments.length; i++) {
    if (a.params[i] === null && b.params[i] === null && a.segments[i] !== b.segments[i]) return false;
  }
  return true;
}

/**
 * Parses and checks a routes document; throws an Error naming the offending route (or both
 * routes of an ambiguous pair). Returns the routes in matching order: most specific first.
 */
export function compileRoutes(doc) {
  if (!doc || !Array.isArray(doc.routes)) throw new Error("routes.json: expected { \"routes\": [ ... ] }");
  const routes = doc.routes.map((r, i) => {
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
      } else if (s === "." || s === ".." || s.includes("%") || /[\u0000-\u0020\u007f?#]/.test(s)) {
        // A request path never holds these as a segment after URL parsing and percent-decoding:
        // the route could never match, which is a mistake worth a message.
        throw new Error(`${where}.path: literal segment '${s}' can never match a request path (write it unencoded, without '.', '..', '%', spaces, '?' or '#')`);
      }
    }
    for (const k of ["permission", "scope"]) {
      for (const m of r[k].matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (!params.includes(m[1])) throw new Error(`${where}.${k}: ':${m[1]}' is not a parameter of '${r.path}'`);
      }
    }
    return {
      index: i,
      method,
      path: r.path,
      segments,
      // per segment: the parameter's name, or null for a literal
      params: segments.map((s) => (s.startsWith(":") ? s.slice(1) : null)),
      permission: r.permission,
      scope: r.scope,
    };
  });
  for (let i = 0; i < routes.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = routes[j];
      const b = routes[i];
      const method = answers(a).find((m) => answers(b).includes(m));
      if (method === undefined || !overlap(a, b) || bySpecificity(a, b) !== 0) continue;
      throw new Error(`${describe(a)} and ${describe(b)} both match ${method} requests such as '${example(a, b)}' and neither is more specific: remove one, or make one segment a literal`);
    }
  }
  // Array.prototype.sort is stable: equally specific routes (which never overlap) keep file order.
  return routes.sort(bySpecificity);
}

// A request path both routes match: literals where either has one, a sample value elsewhere.
function example(a, b) {
  return "/" + a.segments.map((s, i) => (a.params[i] === null ? s : b.params[i] === null ? b.segments[i] : "x")).join("/");
}

function fill(template, values) {
  return template.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name) => values[name]);
}

const badRequest = (message) => Object.assign(new Error(message), { status: 400 });

/**
 * Finds the route for a request. Returns { route, permission, scope } or null; throws an Error
 * with `status` 400 for a path that cannot be read (undecodable escapes) or whose parameter
 * segments cannot name a scope (empty, '.', '..', encoded '/', control characters).
 *
 * Segments are percent-decoded once, and literals are compared with the decoded segment, so
 * `/api/acme/automation/user%73` is the `users` route, not a project named `users`.
 */
export function matchRoute(routes, method, pathname) {
  const raw = pathname.split("/").slice(1);
  let parts = null; // decoded lazily: most requests are matched by the first candidate
  const decoded = () => {
    if (parts !== null) return parts;
    parts = raw.map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        throw badRequest(`path segment '${p}' is not valid percent-encoding`);
      }
    });
    return parts;
  };
  for (const route of routes) {
    if (route.method !== method && !(method === "HEAD" && route.method === "GET")) continue;
    if (route.segments.length !== raw.length) continue;
    const seg = decoded();
    let ok = true;
    for (let i = 0; i < seg.length && ok; i++) {
      if (route.params[i] === null && route.segments[i] !== seg[i]) ok = false;
    }
    if (!ok) continue;
    // The most specific route whose literals match decides; its parameters must name scopes.
    const values = Object.create(null);
    for (let i = 0; i < seg.length; i++) {
      const name = route.params[i];
      if (name === null) continue;
      const v = seg[i];
      if (v === "" || v === "." || v === "..") throw badRequest(`path segment '${raw[i]}' cannot name a scope`);
      if (v.includes("/")) throw badRequest(`path segment '${raw[i]}' holds an encoded '/'`);
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(v)) throw badRequest("a path segment holds a control character");
      values[name] = v;
    }
    return { route, permission: fill(route.permission, values), scope: fill(route.scope, values) };
  }
  return null;
}
