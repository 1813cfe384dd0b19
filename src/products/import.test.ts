import { beforeAll, expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { CUSTOMERS_CSV, importCsv, NOW, OPPORTUNITIES_CSV, seedImportDb } from "../import/fixtures";

forEachDatabase("products in imports", (ctx) => {
  let ids: Awaited<ReturnType<typeof seedImportDb>>;
  beforeAll(async () => {
    ids = await seedImportDb(ctx().db);
    await ctx().db.insertInto("products").values([
      { code: "ERP-STD", name: "ERP 标准版", category: "软件", unit: "套", list_price_fen: 1_000_000, cost_fen: null, created_at: NOW, updated_at: NOW },
      { code: "SVC-IMPL", name: "实施服务", category: "服务", unit: "人天", list_price_fen: 200_000, cost_fen: null, created_at: NOW, updated_at: NOW },
    ]).execute();
    expect((await importCsv(ctx().db, "customers", CUSTOMERS_CSV, ids.admin)).errorCount).toBe(0);
  });

  test("an order's product is found by code or by name; other text stays free text", async () => {
    const csv = "订单编号,客户编号,下单日期,金额,数量,产品\nP1,C001,2026-05-01,1万,1,ERP-STD\nP2,C001,2026-05-02,2000,1,实施服务\nP3,C002,2026-05-03,50,1,螺丝\n";
    expect(await importCsv(ctx().db, "orders", csv, ids.admin)).toMatchObject({ status: "done", inserted: 3, errorCount: 0 });
    const rows = await ctx().db.selectFrom("orders as o").leftJoin("products as p", "p.id", "o.product_id").select(["o.external_id", "p.code", "o.product"]).orderBy("o.external_id").execute();
    expect(rows).toEqual([
      { external_id: "P1", code: "ERP-STD", product: "ERP-STD" }, { external_id: "P2", code: "SVC-IMPL", product: "实施服务" }, { external_id: "P3", code: null, product: "螺丝" },
    ]);
  });

  test("a re-imported opportunity that has line items keeps their total as its amount", async () => {
    expect((await importCsv(ctx().db, "opportunities", OPPORTUNITIES_CSV, ids.admin)).errorCount).toBe(0);
    const o = await ctx().db.selectFrom("opportunities").select(["id", "amount_fen"]).where("external_id", "=", "O1").executeTakeFirstOrThrow();
    const p = await ctx().db.selectFrom("products").select("id").where("code", "=", "ERP-STD").executeTakeFirstOrThrow();
    // 2 × ¥10 000 at 5 % off = 1 900 000 fen, independent of the file's 3万
    await ctx().db.insertInto("opportunity_lines").values({ opportunity_id: o.id, position: 1, product_id: p.id, units: 2, unit_price_fen: 1_000_000, discount_bp: 500, list_price_fen: 1_000_000, total_fen: 2 * 1_000_000 * 0.95 }).execute();
    await ctx().db.updateTable("opportunities").set({ amount_fen: 1_900_000 }).where("id", "=", o.id).execute();
    expect((await importCsv(ctx().db, "opportunities", OPPORTUNITIES_CSV.replace("3万", "4万"), ids.admin)).errorCount).toBe(0);
    const after = await ctx().db.selectFrom("opportunities").select("amount_fen").where("id", "=", o.id).executeTakeFirstOrThrow();
    expect(Number(after.amount_fen)).toBe(1_900_000);
    const o2 = await ctx().db.selectFrom("opportunities").select("amount_fen").where("external_id", "=", "O2").executeTakeFirstOrThrow();
    expect(Number(o2.amount_fen)).toBe(120_000_00);
  });
});
