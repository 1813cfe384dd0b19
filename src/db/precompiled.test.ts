/** runPrecompiled (precompiled.ts): compiled once per key, each call's values swapped in; a stand-in folded into text is never cached. */
import { sql } from "kysely";
import { expect, test } from "vitest";
import { runPrecompiled } from "./precompiled";
import { forEachDatabase } from "./testing";

forEachDatabase("precompiled queries", (h) => {
  test("one build for one key; every call answers with its own values", async () => {
    const db = h().db;
    const now = 1_780_000_000_000;
    for (const name of ["张三", "李四", "王五"]) await db.insertInto("teams").values({ name, manager_id: null, created_at: now }).execute();
    let builds = 0;
    const byName = (name: string, extra: number) =>
      runPrecompiled(db, db, "teams-by-name", [name, extra], (slot) => {
        builds++;
        return db
          .selectFrom("teams")
          .select(["name", sql<number>`cast(${slot(1)} as bigint)`.as("extra")])
          .where("name", "=", slot(0))
          .where("created_at", "=", now);
      });
    expect((await byName("李四", 7)).rows.map((r) => [r.name, Number(r.extra)])).toEqual([["李四", 7]]);
    expect((await byName("王五", 8)).rows.map((r) => [r.name, Number(r.extra)])).toEqual([["王五", 8]]);
    expect((await byName("赵六", 9)).rows).toEqual([]);
    expect(builds).toBe(1);
  });

  test("a stand-in turned into text (a LIKE prefix) is built anew with the real value each call", async () => {
    const db = h().db;
    let builds = 0;
    const prefixed = (prefix: string) =>
      runPrecompiled(db, db, "teams-like", [prefix], (slot) => {
        builds++;
        return db
          .selectFrom("teams")
          .select("name")
          .where("name", "like", `${slot(0)}%`)
          .orderBy("name");
      });
    await db.insertInto("teams").values({ name: "华东一组", manager_id: null, created_at: 1 }).execute();
    await db.insertInto("teams").values({ name: "华南一组", manager_id: null, created_at: 1 }).execute();
    expect((await prefixed("华东")).rows.map((r) => r.name)).toEqual(["华东一组"]);
    expect((await prefixed("华南")).rows.map((r) => r.name)).toEqual(["华南一组"]);
    // once to compile (found folded), then with the real value on each call
    expect(builds).toBe(3);
  });
});
