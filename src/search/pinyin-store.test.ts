/** The stored pinyin on both engines: cleared by the database on every rename (even raw SQL), filled again by fillPinyin. */
import { sql } from "kysely";
import { expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { fillPinyin } from "./pinyin-store";

const NOW = Date.parse("2026-06-15T02:00:00Z");

forEachDatabase("stored pinyin", (db) => {
  test("a row written by raw SQL gets its pinyin; a rename clears it and the fill gives the new name's", async () => {
    const d = db().db;
    const owner = (
      await d
        .insertInto("users")
        .values({ email: "p@test.jindou", name: "p", password_hash: "x", role: "rep", team_id: null, locale: "zh-CN", active: 1, created_at: NOW })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await sql`insert into customers (name, name_norm, owner_id, tags, created_at, updated_at) values (${"金豆科技"}, ${"金豆科技"}, ${owner}, '[]', ${NOW}, ${NOW})`.execute(
      d,
    );
    const pinyinOf = async () => (await d.selectFrom("customers").select("search_pinyin").executeTakeFirstOrThrow()).search_pinyin;
    expect(await pinyinOf()).toBeNull();
    expect(await fillPinyin(d)).toBe(1);
    expect(await pinyinOf()).toBe("jdkj jindoukeji");
    expect(await fillPinyin(d)).toBe(0);
    // an edit of another column keeps it; a rename clears it
    await sql`update customers set notes = ${"老客户"}`.execute(d);
    expect(await pinyinOf()).toBe("jdkj jindoukeji");
    await sql`update customers set name = ${"银豆科技"}`.execute(d);
    expect(await pinyinOf()).toBeNull();
    await fillPinyin(d);
    expect(await pinyinOf()).toBe("ydkj yindoukeji");
    // a writer that sets the pinyin itself along with the name keeps what it set
    await sql`update customers set name = ${"铜豆科技"}, search_pinyin = ${"tdkj tongdoukeji"}`.execute(d);
    expect(await pinyinOf()).toBe("tdkj tongdoukeji");
  });

  test("more rows than one batch are all filled", async () => {
    const d = db().db;
    const owner = (await d.selectFrom("users").select("id").executeTakeFirstOrThrow()).id;
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      name: `客户${i}`,
      name_norm: `客户${i}`,
      owner_id: owner,
      tags: "[]",
      created_at: NOW,
      updated_at: NOW,
    }));
    for (let i = 0; i < rows.length; i += 300)
      await d
        .insertInto("customers")
        .values(rows.slice(i, i + 300) as never)
        .execute();
    expect(await fillPinyin(d, ["customers"])).toBe(1203);
    const left = await d
      .selectFrom("customers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("search_pinyin", "is", null)
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    const one = await d.selectFrom("customers").select("search_pinyin").where("name", "=", "客户1202").executeTakeFirstOrThrow();
    expect(one.search_pinyin).toBe("kh1202 kehu1202");
  });
});
