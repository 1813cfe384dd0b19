import { beforeAll, expect, test } from "vitest";
import { forEachDatabase } from "../db/testing";
import { exportPages } from "../export/queries";
import { SYSTEM_VIEWER } from "../forecast/store";
import { CUSTOMERS_CSV, importCsv, NOW, OPPORTUNITIES_CSV, seedImportDb, TZ } from "../import/fixtures";

forEachDatabase("products in imports", (ctx) => {
  let ids: Awaited<ReturnType<typeof seedImportDb>>;
  beforeAll(async () => {
    ids = await seedImportDb(ctx().db);
    await ctx()
      .db.insertInto("products")
      .values([
        { code: "ERP-STD", name: "ERP 标准版", category: "软件", unit: "套", list_price_fen: 1_000_000, cost_fen: null, created_at: NOW, updated_at: NOW },
        { code: "SVC-IMPL", name: "实施服务", category: "服务", unit: "人天", list_price_fen: 200_000, cost_fen: null, created_at: NOW, updated_at: NOW },
      ])
      .execute();
    expect((await importCsv(ctx().db, "customers", CUSTOMERS_CSV, ids.admin)).errorCount).toBe(0);
  });

  test("an order's product is found by code or by name; other text stays free text", async () => {
    const csv =
      "订单编号,客户编号,下单日期,金额,数量,产品\nP1,C001,2026-05-01,1万,1,ERP-STD\nP2,C001,2026-05-02,2000,1,实施服务\nP3,C002,2026-05-03,50,1,螺丝\n";
    expect(await importCsv(ctx().db, "orders", csv, ids.admin)).toMatchObject({ status: "done", inserted: 3, errorCount: 0 });
    const rows = await ctx()
      .db.selectFrom("orders as o")
      .leftJoin("products as p", "p.id", "o.product_id")
      .select(["o.external_id", "p.code", "o.product"])
      .orderBy("o.external_id")
      .execute();
    expect(rows).toEqual([
      { external_id: "P1", code: "ERP-STD", product: "ERP-STD" },
      { external_id: "P2", code: "SVC-IMPL", product: "实施服务" },
      { external_id: "P3", code: null, product: "螺丝" },
    ]);
  });

  test("a re-imported opportunity that has line items keeps their total as its amount", async () => {
    expect((await importCsv(ctx().db, "opportunities", OPPORTUNITIES_CSV, ids.admin)).errorCount).toBe(0);
    const o = await ctx().db.selectFrom("opportunities").select(["id", "amount_fen"]).where("external_id", "=", "O1").executeTakeFirstOrThrow();
    const p = await ctx().db.selectFrom("products").select("id").where("code", "=", "ERP-STD").executeTakeFirstOrThrow();
    // 2 × ¥10 000 at 5 % off = 1 900 000 fen, independent of the file's 3万
    await ctx()
      .db.insertInto("opportunity_lines")
      .values({
        opportunity_id: o.id,
        position: 1,
        product_id: p.id,
        units: 2,
        unit_price_fen: 1_000_000,
        discount_bp: 500,
        list_price_fen: 1_000_000,
        total_fen: 2 * 1_000_000 * 0.95,
      })
      .execute();
    await ctx().db.updateTable("opportunities").set({ amount_fen: 1_900_000 }).where("id", "=", o.id).execute();
    expect((await importCsv(ctx().db, "opportunities", OPPORTUNITIES_CSV.replace("3万", "4万"), ids.admin)).errorCount).toBe(0);
    const after = await ctx().db.selectFrom("opportunities").select("amount_fen").where("id", "=", o.id).executeTakeFirstOrThrow();
    expect(Number(after.amount_fen)).toBe(1_900_000);
    const o2 = await ctx().db.selectFrom("opportunities").select("amount_fen").where("external_id", "=", "O2").executeTakeFirstOrThrow();
    expect(Number(o2.amount_fen)).toBe(120_000_00);
  });

  test("products import by code: new, unchanged on a re-run, updated when the price changes; a rep may not import them; exported in the same columns", async () => {
    const csv = "产品编码,产品名称,类别,单位,标准价,成本,在售\nIMP-1,导入产品一,软件,套,1.2万,4000,在售\nIMP-2,导入产品二,服务,人天,2000,,停用\n";
    expect(await importCsv(ctx().db, "products", csv, ids.admin)).toMatchObject({ status: "done", inserted: 2, errorCount: 0 });
    expect(await importCsv(ctx().db, "products", csv, ids.admin)).toMatchObject({ inserted: 0, unchanged: 2 });
    expect(await importCsv(ctx().db, "products", csv.replace("1.2万", "1.5万"), ids.admin)).toMatchObject({ updated: 1, unchanged: 1 });
    const p = await ctx().db.selectFrom("products").selectAll().where("code", "=", "IMP-1").executeTakeFirstOrThrow();
    expect([Number(p.list_price_fen), Number(p.cost_fen), p.active, p.version]).toEqual([1_500_000, 400_000, 1, 2]);
    expect((await ctx().db.selectFrom("products").select("active").where("code", "=", "IMP-2").executeTakeFirstOrThrow()).active).toBe(0);
    const byRep = await importCsv(ctx().db, "products", csv.replace("IMP-1", "IMP-3"), ids.rep, { actor: { id: ids.rep, role: "rep", teamId: ids.teamA } });
    expect(byRep.errorCount).toBeGreaterThan(0);
    expect(await ctx().db.selectFrom("products").select("id").where("code", "=", "IMP-3").executeTakeFirst()).toBeUndefined();
    const rows: unknown[][] = [];
    for await (const page of exportPages(ctx().db, SYSTEM_VIEWER, "products", {}, TZ)) rows.push(...page);
    expect(rows.find((r) => r[0] === "IMP-1")).toEqual(["IMP-1", "导入产品一", "软件", "套", "15000", "4000", "1"]);
  });

  test("line items import replaces an opportunity's lines and its amount becomes their total; an unknown product is a row error and nothing changes", async () => {
    // O2 (¥120 000 in the file): 2 × ERP-STD at its ¥10 000 list price with 10 % off + 3 × 实施服务 at ¥1 800 = 1 800 000 + 540 000 fen
    const csv = "商机编号,产品,数量,单价,折扣\nO2,ERP-STD,2,,10%\nO2,实施服务,3,1800,\n";
    expect(await importCsv(ctx().db, "opportunity-lines", csv, ids.admin)).toMatchObject({ status: "done", updated: 1, errorCount: 0 });
    const o = await ctx().db.selectFrom("opportunities").select(["id", "amount_fen"]).where("external_id", "=", "O2").executeTakeFirstOrThrow();
    expect(Number(o.amount_fen)).toBe(2 * 1_000_000 * 0.9 + 3 * 180_000);
    expect(await importCsv(ctx().db, "opportunity-lines", csv, ids.admin)).toMatchObject({ unchanged: 1, updated: 0 });
    const bad = await importCsv(ctx().db, "opportunity-lines", "商机编号,产品,数量\nO2,没有这个,1\n", ids.admin);
    expect(bad.errors[0]).toMatchObject({ column: "product" });
    const lines = await ctx().db.selectFrom("opportunity_lines").select("units").where("opportunity_id", "=", o.id).orderBy("position").execute();
    expect(lines.map((l) => Number(l.units))).toEqual([2, 3]);
    const rows: unknown[][] = [];
    for await (const page of exportPages(ctx().db, SYSTEM_VIEWER, "opportunity-lines", {}, TZ)) rows.push(...page);
    expect(rows.filter((r) => r[0] === "O2")).toEqual([
      ["O2", "ERP-STD", 2, "10000", "10%"],
      ["O2", "SVC-IMPL", 3, "1800", "0%"],
    ]);
  });
});
