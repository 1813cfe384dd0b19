/**
 * ruleKey names everything the access rule reads from a viewer: two viewers with the same key get the same SQL and
 * parameters from visible(), editable(), visibleOwners() and visibleIds() at the same instant (the move's read is built
 * once per key and reused for every viewer with it), and viewers whose rule differs get different keys.
 */
import fc from "fast-check";
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type SqlBool, type Expression, sql } from "kysely";
import { expect, test, vi } from "vitest";
import type { Viewer } from "./viewer";
import { editable, ruleKey, visible, visibleIds, visibleOwners } from "./visible";

const db = new Kysely<any>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (d) => new PostgresIntrospector(d),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Everything each form of the rule produces for the viewer, compiled. */
function compiled(v: Viewer): string {
  const forms: Array<Expression<SqlBool> | null> = [
    visible(v, "o.owner_id", "o.id", "opportunity"),
    editable(v, "o.owner_id", "o.id", "opportunity"),
    visible(v, "c.owner_id"),
    visibleOwners(v, "o.owner_id", "customer"),
  ];
  const ids = visibleIds(v, "opportunity");
  return JSON.stringify(
    [
      ...forms.map((f) => (f ? db.selectFrom("t").select("x").where(f).compile() : null)),
      ids ? db.selectFrom("t").select("x").where(sql<SqlBool>`x in ${ids}`).compile() : null,
    ].map((c) => c && { sql: c.sql, parameters: c.parameters }),
  );
}

// small domains, so that pairs often share a key (and often differ in one field only)
const viewer: fc.Arbitrary<Viewer> = fc.record({
  id: fc.constantFrom(1, 2),
  role: fc.constantFrom("admin", "manager", "rep") as fc.Arbitrary<Viewer["role"]>,
  teamId: fc.constantFrom(null, 7, 8),
  name: fc.constantFrom("甲", "乙"),
  email: fc.constantFrom("a@x.cn", "b@x.cn"),
  locale: fc.constantFrom("zh-CN", "en"),
  readOnly: fc.constantFrom(undefined, true),
  org: fc.option(
    fc.record({
      departmentId: fc.constantFrom(null, 3, 4),
      scope: fc.constantFrom("self", "self_and_subordinates", "dept", "dept_and_below", "all") as fc.Arbitrary<NonNullable<Viewer["org"]>["scope"]>,
      deptIds: fc.constantFrom<number[]>([], [3], [3, 4]),
      deptPaths: fc.constantFrom<string[]>([], ["/3/"], ["/3/", "/3/4/"]),
      at: fc.constant(1_750_000_000_000),
    }),
    { nil: undefined },
  ),
});

const TOP: Array<keyof Viewer> = ["id", "role", "teamId", "name", "email", "locale", "readOnly", "org"];
const ORG: Array<keyof NonNullable<Viewer["org"]>> = ["departmentId", "scope", "deptIds", "deptPaths"];

test("viewers with equal keys get the same access SQL; viewers with different access SQL get different keys", () => {
  // a viewer without org data is checked against shares at Date.now(): the same instant for both
  vi.spyOn(Date, "now").mockReturnValue(1_750_000_000_000);
  let same = 0;
  let differ = 0;
  fc.assert(
    // b is a with some fields (top-level or of org) taken from c
    fc.property(viewer, viewer, fc.subarray(TOP), fc.subarray(ORG), (a, c, top, org) => {
      const b: Viewer = { ...a, ...Object.fromEntries(top.map((k) => [k, c[k]])) };
      if (a.org && c.org) b.org = { ...a.org, ...Object.fromEntries(org.map((k) => [k, c.org![k]])) };
      const sameSql = compiled(a) === compiled(b);
      if (ruleKey(a) === ruleKey(b)) {
        same++;
        expect(sameSql).toBe(true);
      } else if (!sameSql) differ++;
    }),
    { numRuns: 3000 },
  );
  // both branches were exercised
  expect(same).toBeGreaterThan(20);
  expect(differ).toBeGreaterThan(100);
});

test("name, e-mail, locale, token scope and the clock are not part of the key", () => {
  const org = { departmentId: 3, scope: "dept" as const, deptIds: [3], deptPaths: ["/3/"], at: 1 };
  const a: Viewer = { id: 1, role: "manager", teamId: 7, name: "甲", email: "a@x.cn", locale: "zh-CN", org };
  const b: Viewer = { ...a, name: "乙", email: "b@x.cn", locale: "en", readOnly: true, org: { ...org, at: 2 } };
  expect(ruleKey(b)).toBe(ruleKey(a));
  expect(ruleKey({ ...a, org: { ...org, deptPaths: ["/3/", "/3/5/"] } })).not.toBe(ruleKey(a));
  expect(ruleKey({ ...a, org: { ...org, departmentId: 4 } })).not.toBe(ruleKey(a));
});
