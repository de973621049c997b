import { describe, expect, it } from "vitest";
import { authorizeAdministered, authorizeReview, authorizeUnit } from "../../src/domain/access";
import { A, A1, B, ROOT, principal, thrown } from "./fixtures";

describe("access", () => {
  /** The root of another organisation in the same database. */
  const ROOT2 = { id: 99, code: "R2", name: "另一市", parent_id: null, depth: 0, path: "/R2/" };
  const units = {
    own: A,
    descendant: A1,
    ancestor: ROOT,
    other: B,
    unknown: null,
    otherOrganisation: ROOT2,
  } as const;

  it("every admin reads and administers its own subtree only, a root's admin too", () => {
    const scoped = principal("admin", A);
    const global = principal("admin", ROOT);
    const read = (p: typeof scoped) =>
      Object.fromEntries(
        Object.entries(units).map(([k, u]) => [k, thrown(() => authorizeUnit(p, "X", u, "read"))]),
      );
    expect(read(scoped)).toEqual({
      own: "none",
      descendant: "none",
      ancestor: "403 forbidden",
      other: "403 forbidden",
      unknown: "403 forbidden",
      otherOrganisation: "403 forbidden",
    });
    // Before issue 21 the root's admin administered every root: 330327's admin 海口市 too.
    expect(read(global)).toEqual({
      own: "none",
      descendant: "none",
      ancestor: "none",
      other: "none",
      unknown: "403 forbidden",
      otherOrganisation: "403 forbidden",
    });
    expect(thrown(() => authorizeAdministered(global, "R2", ROOT2))).toBe("403 forbidden");
    expect(thrown(() => authorizeAdministered(scoped, "B", B))).toBe("403 forbidden");
    expect(thrown(() => authorizeAdministered(scoped, "A1", A1))).toBe("none");
    expect(thrown(() => authorizeAdministered(principal("supervisor", ROOT), "A", A))).toBe(
      "403 forbidden",
    );
    expect(thrown(() => authorizeUnit(global, "A", A, "write"))).toBe("403 forbidden");
  });

  it("clerks own unit; supervisors their subtree, no writes; review strictly below", () => {
    expect(thrown(() => authorizeUnit(principal("clerk", A), "A1", A1, "read"))).toBe(
      "403 forbidden",
    );
    expect(thrown(() => authorizeUnit(principal("clerk", A), "A", A, "rollup"))).toBe(
      "403 forbidden",
    );
    expect(thrown(() => authorizeUnit(principal("supervisor", A), "A1", A1, "rollup"))).toBe(
      "none",
    );
    expect(thrown(() => authorizeReview(principal("supervisor", A), A))).toBe("403 forbidden");
    expect(thrown(() => authorizeReview(principal("supervisor", A), A1))).toBe("none");
  });
});
