import { sql } from "kysely";
import { expect, test } from "vitest";
import { createTestDb } from "./testing";

// Regression: 070 rebuilt `customers` on SQLite (owner_id nullable) and the rebuild dropped 060's search triggers,
// so customers written after migrating were never found by a search of three or more characters.
test("on SQLite a customer written after every migration is in the search index", async () => {
  const h = await createTestDb("sqlite");
  try {
    const triggers = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and tbl_name = 'customers' order by name`.execute(h.db);
    expect(triggers.rows.map((r) => r.name)).toEqual([
      "customers_fts_ad",
      "customers_fts_ai",
      "customers_fts_au",
      // 160: the pinyin's own FTS table and the trigger that clears the pinyin on a rename
      "customers_pinyin_fts_ad",
      "customers_pinyin_fts_ai",
      "customers_pinyin_fts_au",
      "customers_pinyin_stale",
      // 401: the customer stamp of the tiering reports' cached columns
      "customers_stamp_delete",
      "customers_stamp_insert",
      "customers_stamp_update",
    ]);
    const now = Date.parse("2026-06-15T02:00:00Z");
    await h.db
      .insertInto("customers")
      .values({ name: "杭州金豆数据科技有限公司", name_norm: "杭州金豆数据科技", owner_id: null, tags: "[]", created_at: now, updated_at: now } as never)
      .execute();
    const hit = await sql<{ n: number }>`select count(*) as n from customers_fts where customers_fts match ${'"金豆数据"'}`.execute(h.db);
    expect(Number(hit.rows[0].n)).toBe(1);
    await h.db.updateTable("customers").set({ name: "杭州银豆数据科技有限公司" }).execute();
    const after = await sql<{ n: number }>`select count(*) as n from customers_fts where customers_fts match ${'"金豆数据"'}`.execute(h.db);
    expect(Number(after.rows[0].n)).toBe(0);
  } finally {
    await h.drop();
  }
});
