/**
 * Migration 380's index on stage_visits (opportunity_id, entered_at) is there on both engines, and the move path's
 * lookup of a deal's re-derived suffix (its visits entered since an instant) is a range on it: without it every move
 * reads every visit the deal ever had (docs/benchmarks.md, "Stage moves: a regression from the visit roll-ups").
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
async function suffixPlan(db: Db, kind: "sqlite" | "postgres"): Promise<string> {
  const q = sql`select v.id from stage_visits v where v.opportunity_id = 7 and v.entered_at >= 1000`;
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
