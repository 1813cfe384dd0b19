import { beforeAll, expect, test } from "vitest";
import { forEachApp } from "../http/testing";
import { CUSTOMERS_CSV, importCsv } from "../import/fixtures";

// The product filter on a tiering report keeps the customers with an order of that product (orders.product_id,
// set by the orders import from the product's code or name); their revenue in the window is all of their orders.
forEachApp("product filter on tiering reports", (t) => {
  let erp = 0;
  beforeAll(async () => {
    const { db, ids, clock } = t();
    expect((await importCsv(db, "customers", CUSTOMERS_CSV, ids.admin)).errorCount).toBe(0);
    erp = (
      await db
        .insertInto("products")
        .values({
          code: "TF-ERP",
          name: "分层ERP",
          category: "软件",
          unit: "套",
          list_price_fen: 1_000_000,
          cost_fen: null,
          created_at: clock.now,
          updated_at: clock.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const csv = "订单编号,客户编号,下单日期,金额,数量,产品\nTF1,C001,2026-03-01,3万,3,TF-ERP\nTF2,C001,2026-04-01,1万,1,螺丝\nTF3,C002,2026-04-02,5万,5,螺丝\n";
    expect((await importCsv(db, "orders", csv, ids.admin)).errorCount).toBe(0);
  });

  test("pareto with product=TF-ERP lists only C001, with its whole ¥40 000 of orders; without it both customers", async () => {
    const q = "from=2026-01-01&to=2026-06-15";
    const all = await t().call("admin", "GET", `/api/v1/reports/pareto?${q}`);
    expect(all.status).toBe(200);
    expect(all.body.revenue.points).toHaveLength(2);
    const only = await t().call("admin", "GET", `/api/v1/reports/pareto?${q}&product=${erp}`);
    expect(only.body.revenue.points.map((p: { name: string }) => p.name)).toEqual(["上海金豆科技有限公司"]);
    expect(only.body.revenue.points[0].value).toBe(3_000_000 + 1_000_000);
  });
});
