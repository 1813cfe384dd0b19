/**
 * The cash export's product filter means the contract's line items (its deal's lines), as receivables are filtered
 * in a CRM: not "every contract of a customer who once ordered the product".
 */
import { expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { insertPaidContract } from "../cash/test-rows-store";
import { forEachApp, TEST_NOW } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { insertLine, insertOrderOf, insertProduct } from "../products/test-rows-store";
import { exportPages } from "./queries";

forEachApp("cash export product filter", (t) => {
  test("?product= keeps the contracts (and their payments) whose deal has a line of it", async () => {
    const { db, ids, call } = t();
    await installDefaults(db, TEST_NOW);
    const customer = (await call("rep", "POST", "/api/v1/customers", { name: `回款产品筛选 ${t().kind}` })).body.customer.id as number;
    const pipeline = (await call("rep", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5").id;
    const deal = async (title: string) =>
      (await call("rep", "POST", "/api/v1/opportunities", { customerId: customer, pipelineId: pipeline, title, amountFen: 100_00 })).body.id as number;
    const [p, q] = [await insertProduct(db, "CP-P", "CP-P", TEST_NOW), await insertProduct(db, "CP-Q", "CP-Q", TEST_NOW)];
    const [withP, withQ] = [await deal("带 P 的商机"), await deal("带 Q 的商机")];
    for (const [opp, prod] of [
      [withP, p],
      [withQ, q],
    ])
      await insertLine(db, opp, prod, 1);
    // the customer once ordered P: a filter by the customer's orders would keep all three contracts
    await insertOrderOf(db, customer, p, TEST_NOW);
    for (const [number, opp] of [
      ["K-P", withP],
      ["K-Q", withQ],
      ["K-NONE", null],
    ] as const)
      await insertPaidContract(db, {
        opportunityId: opp,
        customerId: customer,
        number,
        at: TEST_NOW,
        amountFen: 500_00,
        createdBy: ids.rep,
        paidFen: 100_00,
        note: `付 ${number}`,
      });
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
