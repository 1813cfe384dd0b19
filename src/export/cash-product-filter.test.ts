/**
 * The cash export's product filter means the contract's line items (its deal's lines), as receivables are filtered
 * in a CRM: not "every contract of a customer who once ordered the product".
 */
import { expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { forEachApp, TEST_NOW } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { exportPages } from "./queries";

forEachApp("cash export product filter", (t) => {
  test("?product= keeps the contracts (and their payments) whose deal has a line of it", async () => {
    const { db, ids, call } = t();
    await installDefaults(db, TEST_NOW);
    const customer = (await call("rep", "POST", "/api/v1/customers", { name: `回款产品筛选 ${t().kind}` })).body.customer.id as number;
    const pipeline = (await call("rep", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5").id;
    const deal = async (title: string) =>
      (await call("rep", "POST", "/api/v1/opportunities", { customerId: customer, pipelineId: pipeline, title, amountFen: 100_00 })).body.id as number;
    const product = async (code: string) =>
      (
        await db
          .insertInto("products")
          .values({ code, name: code, category: null, unit: null, list_price_fen: 1, cost_fen: null, created_at: TEST_NOW, updated_at: TEST_NOW })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
    const [p, q] = [await product("CP-P"), await product("CP-Q")];
    const [withP, withQ] = [await deal("带 P 的商机"), await deal("带 Q 的商机")];
    for (const [opp, prod] of [
      [withP, p],
      [withQ, q],
    ])
      await db
        .insertInto("opportunity_lines")
        .values({ opportunity_id: opp, position: 1, product_id: prod, units: 1, unit_price_fen: 1, discount_bp: 0, list_price_fen: 1, total_fen: 1 })
        .execute();
    // the customer once ordered P: a filter by the customer's orders would keep all three contracts
    await db
      .insertInto("orders")
      .values({
        external_id: null,
        customer_id: customer,
        opportunity_id: null,
        ordered_at: TEST_NOW,
        amount_fen: 1,
        cost_fen: 0,
        units: 1,
        product: null,
        product_id: p,
        created_at: TEST_NOW,
      })
      .execute();
    for (const [number, opp] of [
      ["K-P", withP],
      ["K-Q", withQ],
      ["K-NONE", null],
    ] as const) {
      const k = await db
        .insertInto("contracts")
        .values({ opportunity_id: opp, customer_id: customer, number, signed_at: TEST_NOW, amount_fen: 500_00, created_by: ids.rep, created_at: TEST_NOW })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("payments")
        .values({ contract_id: k.id, received_at: TEST_NOW, amount_fen: 100_00, note: `付 ${number}`, created_by: ids.rep })
        .execute();
    }
    const admin: Viewer = { id: ids.admin, role: "admin", teamId: null, name: "", email: "", locale: "zh-CN" };
    const rows = async (kind: "contracts" | "payments", f: Record<string, number>) => {
      const out: unknown[][] = [];
      for await (const page of exportPages(db, admin, kind, { ...f, owner: ids.rep }, "Asia/Shanghai")) out.push(...page);
      return out;
    };
    const numbers = (r: unknown[][], col: number) =>
      r
        .map((x) => x[col])
        .filter((n) => String(n).startsWith("K-"))
        .sort();
    expect(numbers(await rows("contracts", { product: p }), 0)).toEqual(["K-P"]);
    expect(numbers(await rows("contracts", { product: q }), 0)).toEqual(["K-Q"]);
    expect(numbers(await rows("payments", { product: p }), 1)).toEqual(["K-P"]);
    expect(numbers(await rows("contracts", {}), 0)).toEqual(["K-NONE", "K-P", "K-Q"]);
    expect(numbers(await rows("payments", {}), 1)).toEqual(["K-NONE", "K-P", "K-Q"]);
  });
});
