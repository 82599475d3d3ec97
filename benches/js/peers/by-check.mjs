// What a peer with only a yes/no check offers for the other two questions: the application loops
// over checks. Shared by the CASL, Cedar and Casbin adapters, which define `check(u, p, s)`.
import { askable } from "../scenario.mjs";

export class ByCheck {
  /** The compared permissions askable at the scope that the user holds, sorted by id. */
  permissions(u, s) {
    const out = [];
    for (const p of askable(s)) if (this.check(u, p, s)) out.push(p);
    return out;
  }

  /**
   * Users who hold the permission at the scope, sorted: the peers have no reverse query, so the
   * application asks about each user assigned on the scope's path (from its own index of
   * assignments, `dir`), the only users who can hold a compared permission.
   */
  whoCan(p, s, dir) {
    return dir.candidates(s).filter((u) => this.check(u, p, s));
  }
}
