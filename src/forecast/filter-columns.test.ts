import { expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { insertLine, insertOrderOf, insertProduct } from "../products/test-rows-store";
import { seedBook, YUAN } from "./test-book";

// The forecast's filters read the shared opportunity columns (OPPORTUNITY_FILTER_COLUMNS): the product filter keeps the
// deals with a line of that product, not every deal of a customer who once ordered it.
forEachApp("forecast filter columns", (t) => {
  test("?product= keeps only the deals with a line of the product; ?source= and ?pipeline= narrow by the deal's own columns", async () => {
    const db = t().db;
    const book = await seedBook(db, t().ids, TEST_NOW);
    const product = await insertProduct(db, "FC-1", "预测产品", TEST_NOW);
    // a line on rep's commit (100 000 @ 75 %) and one on otherRep's pipeline deal (80 000 @ 25 %); every deal shares one customer
    for (const [i, opp] of [book.o.repCommit, book.o.otherPipe].entries()) await insertLine(db, opp, product, i + 1);
    await insertOrderOf(db, book.customer, product, TEST_NOW);
    const r = await t().call("admin", "GET", `/api/v1/forecast?period=2026-Q2&product=${product}`);
    expect(r.status).toBe(200);
    expect(r.body.company.forecastFen / YUAN).toBe(75_000 + 20_000); // a customer-orders filter would keep all 238 000
    const bySource = await t().call("admin", "GET", "/api/v1/forecast?period=2026-Q2&source=referral");
    expect(bySource.body.company.forecastFen).toBe(0); // every deal of the book came in "inbound"
    const byPipeline = await t().call("admin", "GET", `/api/v1/forecast?period=2026-Q2&pipeline=${book.pipeline}`);
    expect(byPipeline.body.company.forecastFen / YUAN).toBe(238_000);
  });
});
