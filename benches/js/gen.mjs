// The benchmark scenario in JavaScript: a directory for the default model, the same one that
// `benches/common/gen.rs` writes (same generator, same order, byte for byte: compare
// `generate(1, 10000).json` with `cargo run --release --example gen_directory -- 1 10000`), so the
// native and the JavaScript figures are about the same data.
//
// One company: the five services, 200 projects (80 automation, 60 studio, 40 modeler, 10 ai,
// 10 bi), every automation project with its three stages and every studio project with its
// development environment (300 environments: the stages the model allows each service), `users` users, all company
// users, each on one or two subscriptions, and assignments: 2 company administrators, an owner
// and 4 viewers per subscription, an owner and 24 contributors per project, two users per
// environment role, and a developer profile for a third of the studio users.

export const SERVICES = ["automation", "studio", "modeler", "ai", "bi"];
const PROJECTS = [80, 60, 40, 10, 10];
/** The stages of an automation project's and a studio project's environments. */
export const STAGES = [["testing", "staging", "production"], ["development"]];
const ENV_ROLES = ["environment-owner", "environment-admin", "environment-technical", "environment-basic"];
const PROFILES = ["full-access-developer", "developer", "project-configurator", "power-user", "apps-builder"];

const MASK = (1n << 64n) - 1n;

/** xorshift64, as in gen.rs (u64 arithmetic through BigInt). */
class Rng {
  constructor(seed) {
    this.x = seed;
  }
  next() {
    let x = this.x;
    x ^= (x << 13n) & MASK;
    x ^= x >> 7n;
    x ^= (x << 17n) & MASK;
    this.x = x;
    return x;
  }
  below(n) {
    return Number(this.next() % BigInt(n));
  }
}

export const user = (c, i) => `u${i}@c${c}.test`;
const project = (s, p) => `${SERVICES[s]}-p${p}`;

/**
 * The directory in the flat form: `{ json, directory: { scopes, members, assignments }, ... }`.
 * `members` keeps gen.rs's order (company, then its subscriptions).
 */
export function generate(companies, users) {
  const rng = new Rng(0x9e3779b97f4a7c15n);
  const scopes = [];
  const members = [];
  const assignments = [];
  for (let c = 0; c < companies; c++) {
    const company = `c${c}`;
    scopes.push(company);
    members.push([company, Array.from({ length: users }, (_, i) => user(c, i))]);
    const subs = [[], [], [], [], []];
    for (let i = 0; i < users; i++) {
      subs[i % 5].push(i);
      if (i % 3 === 0) subs[(i + 1) % 5].push(i);
    }
    for (const v of subs) v.sort((a, b) => a - b);
    assignments.push([user(c, 0), "company-admin", company]);
    assignments.push([user(c, 1), "company-admin", company]);
    SERVICES.forEach((service, s) => {
      const sub = `${company}/${service}`;
      scopes.push(sub);
      members.push([sub, subs[s].map((i) => user(c, i))]);
      const pick = () => subs[s][rng.below(subs[s].length)];
      assignments.push([user(c, pick()), "subscription-owner", sub]);
      for (let k = 0; k < 4; k++) assignments.push([user(c, pick()), "subscription-viewer", sub]);
      if (service === "studio") {
        for (const i of subs[s]) if (i % 3 === 1) assignments.push([user(c, i), PROFILES[i % 5], sub]);
      }
      for (let p = 0; p < PROJECTS[s]; p++) {
        const proj = `${sub}/${project(s, p)}`;
        scopes.push(proj);
        assignments.push([user(c, pick()), "project-owner", proj]);
        for (let k = 0; k < 24; k++) assignments.push([user(c, pick()), "project-contributor", proj]);
        if (s <= 1) {
          for (const stage of STAGES[s]) {
            const env = `${proj}/${stage}`;
            scopes.push(env);
            for (const role of [...ENV_ROLES, ...ENV_ROLES]) assignments.push([user(c, pick()), role, env]);
          }
        }
      }
    });
  }
  // Rust sorts the (user, role, scope) tuples by bytes; these ids are ASCII, so code units agree.
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  assignments.sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]) || cmp(a[2], b[2]));
  const dedup = assignments.filter((a, i) => i === 0 || a.some((x, k) => x !== assignments[i - 1][k]));
  const directory = {
    scopes,
    members: Object.fromEntries(members),
    assignments: dedup.map(([u, r, s]) => ({ user: u, role: r, scope: s })),
  };
  return { json: JSON.stringify(directory), directory, assignments: dedup.length, scopes: scopes.length, users: users * companies };
}
