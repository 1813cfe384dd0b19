/**
 * Indexes that keep a cost in proportion to its own rows, on both engines, from the engine's catalogue and plan:
 * - migration 380's stage_visits (opportunity_id, entered_at): the move path's lookup of a deal's re-derived suffix
 *   (its visits entered since an instant) is a range on it — without it every move reads every visit the deal ever
 *   had (docs/benchmarks.md, "Stage moves: a regression from the visit roll-ups");
 * - migration 440's opportunities (owner_id, created_at) and (customer_id, created_at): a rep's new deals of a month
 *   and a customer's earlier deals are ranges (funnel health's new customers read the company's month before).
 */
import { sql } from "kysely";
import { expect, test } from "vitest";
import type { Db } from "../db/connect";
import { forEachDatabase } from "../db/testing";

/** The column lists of the indexes on a table, from the engine's own catalogue. */
async function indexColumns(db: Db, kind: "sqlite" | "postgres", table: string): Promise<string[][]> {
  if (kind === "postgres") {
    const r = await sql<{ cols: string }>`
      select string_agg(a.attname, ',' order by k.ord) as cols
      from pg_index i join pg_class t on t.oid = i.indrelid
        cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
        left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
      where t.relname = ${table} group by i.indexrelid`.execute(db);
    return r.rows.map((x) => (x.cols ?? "").split(","));
  }
  const list = await sql<{ name: string }>`select name from pragma_index_list(${table})`.execute(db);
  const out: string[][] = [];
  for (const ix of list.rows) {
    const cols = await sql<{ name: string | null }>`select name from pragma_index_info(${ix.name}) order by seqno`.execute(db);
    out.push(cols.rows.map((c) => c.name ?? ""));
  }
  return out;
}

/** The engine's plan of the suffix lookup, as one string. */
const suffixPlan = (db: Db, kind: "sqlite" | "postgres") =>
  planOf(db, kind, sql`select v.id from stage_visits v where v.opportunity_id = 7 and v.entered_at >= 1000`);

/** The engine's plan of a query, as one string. */
async function planOf(db: Db, kind: "sqlite" | "postgres", q: ReturnType<typeof sql>): Promise<string> {
  if (kind === "sqlite") {
    const r = await sql<{ detail: string }>`explain query plan ${q}`.execute(db);
    return r.rows.map((x) => x.detail).join("\n");
  }
  // an empty table: forbid the sequential scan, so the plan shows which index the planner can use for the range
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    await sql`set local enable_bitmapscan = off`.execute(tx);
    const r = await sql<{ "QUERY PLAN": string }>`explain ${q}`.execute(tx);
    return r.rows.map((x) => x["QUERY PLAN"]).join("\n");
  });
}

forEachDatabase("stage_visits (opportunity_id, entered_at) — migration 380", (ctx) => {
  test("the index is in the catalogue", async () => {
    const { db, kind } = ctx();
    const cols = await indexColumns(db, kind, "stage_visits");
    expect(cols).toContainEqual(["opportunity_id", "entered_at"]);
  });

  test("a deal's visits since an instant are one range of it", async () => {
    const { db, kind } = ctx();
    const plan = await suffixPlan(db, kind);
    if (kind === "sqlite") expect(plan).toMatch(/USING (COVERING )?INDEX stage_visits_opp_entered \(opportunity_id=\? AND entered_at>\?\)/);
    else {
      expect(plan).toMatch(/Index (Only )?Scan using stage_visits_opp_entered/);
      expect(plan).toMatch(/Index Cond: \(\(opportunity_id = 7\) AND \(entered_at >= 1000\)\)/);
    }
  });
});

forEachDatabase("opportunities (owner_id, created_at), (customer_id, created_at) — migration 440", (ctx) => {
  test("both indexes are in the catalogue, and their prefix (customer_id) alone is gone", async () => {
    const { db, kind } = ctx();
    const cols = await indexColumns(db, kind, "opportunities");
    expect(cols).toContainEqual(["owner_id", "created_at"]);
    expect(cols).toContainEqual(["customer_id", "created_at"]);
    expect(cols).not.toContainEqual(["customer_id"]);
  });

  test("an owner's deals created in a month, and a customer's deals before an instant, are one range each", async () => {
    const { db, kind } = ctx();
    const month = await planOf(db, kind, sql`select o.id from opportunities o where o.owner_id = 7 and o.created_at >= 1000 and o.created_at < 2000`);
    const before = await planOf(db, kind, sql`select o.id from opportunities o where o.customer_id = 9 and o.created_at < 1000`);
    if (kind === "sqlite") {
      expect(month).toMatch(/USING (COVERING )?INDEX opportunities_owner_created \(owner_id=\? AND created_at>\? AND created_at<\?\)/);
      expect(before).toMatch(/USING (COVERING )?INDEX opportunities_customer_created \(customer_id=\? AND created_at<\?\)/);
    } else {
      expect(month).toMatch(/Index Cond: \(\(owner_id = 7\) AND \(created_at >= 1000\) AND \(created_at < 2000\)\)/);
      expect(month).toMatch(/opportunities_owner_created/);
      expect(before).toMatch(/Index Cond: \(\(customer_id = 9\) AND \(created_at < 1000\)\)/);
      expect(before).toMatch(/opportunities_customer_created/);
    }
  });
});
