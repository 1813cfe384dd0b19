import { expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { seedBook, YUAN } from "./test-book";

// The forecast's filters read the shared opportunity columns (OPPORTUNITY_FILTER_COLUMNS): the product filter keeps the
// deals with a line of that product, not every deal of a customer who once ordered it.
forEachApp("forecast filter columns", (t) => {
  test("?product= keeps only the deals with a line of the product; ?source= and ?pipeline= narrow by the deal's own columns", async () => {
    const db = t().db;
    const book = await seedBook(db, t().ids, TEST_NOW);
    const product = (
      await db
        .insertInto("products")
        .values({ code: "FC-1", name: "预测产品", category: null, unit: null, list_price_fen: 1, cost_fen: null, created_at: TEST_NOW, updated_at: TEST_NOW })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    // a line on rep's commit (100 000 @ 75 %) and one on otherRep's pipeline deal (80 000 @ 25 %); every deal shares one customer
    for (const [i, opp] of [book.o.repCommit, book.o.otherPipe].entries())
      await db
        .insertInto("opportunity_lines")
        .values({ opportunity_id: opp, position: i + 1, product_id: product, units: 1, unit_price_fen: 1, discount_bp: 0, list_price_fen: 1, total_fen: 1 })
        .execute();
    await db
      .insertInto("orders")
      .values({
        external_id: null,
        customer_id: book.customer,
        opportunity_id: null,
        ordered_at: TEST_NOW,
        amount_fen: 1,
        cost_fen: 0,
        units: 1,
        product: null,
        product_id: product,
        created_at: TEST_NOW,
      })
      .execute();
    const r = await t().call("admin", "GET", `/api/v1/forecast?period=2026-Q2&product=${product}`);
    expect(r.status).toBe(200);
    expect(r.body.company.forecastFen / YUAN).toBe(75_000 + 20_000); // a customer-orders filter would keep all 238 000
    const bySource = await t().call("admin", "GET", "/api/v1/forecast?period=2026-Q2&source=referral");
    expect(bySource.body.company.forecastFen).toBe(0); // every deal of the book came in "inbound"
    const byPipeline = await t().call("admin", "GET", `/api/v1/forecast?period=2026-Q2&pipeline=${book.pipeline}`);
    expect(byPipeline.body.company.forecastFen / YUAN).toBe(238_000);
  });
});
