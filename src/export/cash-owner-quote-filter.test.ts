/**
 * Two filters of the cash export that must mean what the rest of the app means (issue 10 review): a contract's owner
 * is its deal's owner, else its customer's (as loadContracts and the cash reports), and the quote export's product
 * filter looks at the quote's own lines (quote_lines.product_id), not at the customer's orders.
 */
import { expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { insertPaidContract } from "../cash/test-rows-store";
import { forEachApp, TEST_NOW } from "../http/testing";
import { installDefaults } from "../pipelines/install";
import { insertOrderOf, insertProduct } from "../products/test-rows-store";
import { exportPages } from "./queries";

forEachApp("cash export owner and quote product filters", (t) => {
  const setup = async () => {
    const { db, ids, call } = t();
    await installDefaults(db, TEST_NOW);
    const pipeline = (await call("rep", "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5").id;
    // the customer is the rep's; the second deal on it is otherRep's (the other team)
    const customer = (await call("rep", "POST", "/api/v1/customers", { name: `导出筛选 ${t().kind}` })).body.customer.id as number;
    const deal = async (title: string) =>
      (await call("rep", "POST", "/api/v1/opportunities", { customerId: customer, pipelineId: pipeline, title, amountFen: 100_00 })).body.id as number;
    const [mine, theirs] = [await deal("代表的商机"), await deal("另一组代表的商机")];
    await db.updateTable("opportunities").set({ owner_id: ids.otherRep }).where("id", "=", theirs).execute();
    const admin: Viewer = { id: ids.admin, role: "admin", teamId: null, name: "", email: "", locale: "zh-CN" };
    const rows = async (kind: "contracts" | "payments" | "quotes", f: Record<string, number>) => {
      const out: unknown[][] = [];
      for await (const page of exportPages(db, admin, kind, f, "Asia/Shanghai")) out.push(...page);
      return out;
    };
    return { db, ids, customer, mine, theirs, rows };
  };
  const numbers = (r: unknown[][], col: number, prefix: string) =>
    r
      .map((x) => x[col])
      .filter((n) => String(n).startsWith(prefix))
      .sort();

  test("?owner= keeps the contracts (and payments) whose deal the owner holds, and the deal-less ones of the owner's customers", async () => {
    const { db, ids, customer, mine, theirs, rows } = await setup();
    for (const [number, opp] of [
      ["KO-MINE", mine],
      ["KO-THEIRS", theirs],
      ["KO-NONE", null],
    ] as const)
      await insertPaidContract(db, { opportunityId: opp, customerId: customer, number, at: TEST_NOW, amountFen: 500_00, createdBy: ids.rep, paidFen: 100_00 });
    // by the customer's owner the rep would get all three and otherRep none
    expect(numbers(await rows("contracts", { owner: ids.rep }), 0, "KO-")).toEqual(["KO-MINE", "KO-NONE"]);
    expect(numbers(await rows("contracts", { owner: ids.otherRep }), 0, "KO-")).toEqual(["KO-THEIRS"]);
    expect(numbers(await rows("payments", { owner: ids.otherRep }), 1, "KO-")).toEqual(["KO-THEIRS"]);
    expect(numbers(await rows("contracts", { team: ids.teamA }), 0, "KO-")).toEqual(["KO-MINE", "KO-NONE"]);
    expect(numbers(await rows("payments", { team: ids.teamB }), 1, "KO-")).toEqual(["KO-THEIRS"]);
  });

  test("?product= keeps the quotes with a line of the product, whole, whatever the customer ordered", async () => {
    const { db, ids, customer, mine, rows } = await setup();
    const [p, q] = [await insertProduct(db, "QP-P", "QP-P", TEST_NOW), await insertProduct(db, "QP-Q", "QP-Q", TEST_NOW)];
    // the customer once ordered P: a filter by the customer's orders would keep both quotes
    await insertOrderOf(db, customer, p, TEST_NOW);
    const quote = async (number: string, lines: Array<number | null>) => {
      const r = await db
        .insertInto("quotes")
        .values({
          opportunity_id: mine,
          number,
          status: "draft",
          discount_bp: 0,
          subtotal_fen: 1,
          total_fen: 1,
          round: 0,
          note: null,
          created_by: ids.rep,
          created_at: TEST_NOW,
          updated_at: TEST_NOW,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const [i, product_id] of lines.entries())
        await db
          .insertInto("quote_lines")
          .values({ quote_id: r.id, position: i + 1, product: `行 ${i + 1}`, product_id, units: 1, unit_price_fen: 1, discount_bp: 0, list_price_fen: 1 })
          .execute();
    };
    await quote("QO-PQ", [p, null]);
    await quote("QO-Q", [q]);
    expect(numbers(await rows("quotes", { product: p }), 0, "QO-")).toEqual(["QO-PQ", "QO-PQ"]);
    expect(numbers(await rows("quotes", { product: q }), 0, "QO-")).toEqual(["QO-Q"]);
    expect(numbers(await rows("quotes", {}), 0, "QO-")).toEqual(["QO-PQ", "QO-PQ", "QO-Q"]);
  });
});
