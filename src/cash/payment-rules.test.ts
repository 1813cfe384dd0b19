/** The cash rules below the routes answer on the API as on the import (issue 13): coded 4xx, nothing written. */
import { expect, test } from "vitest";
import { seedBook, YUAN } from "../forecast/test-book";
import { forEachApp, TEST_NOW } from "../http/testing";

forEachApp("contract and payment rules on the API", (t) => {
  let contract = 0;
  const count = async (table: "payments" | "contracts") =>
    Number(
      (
        await t()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test("a contract signed after today, or with an instalment due before signing, is refused", async () => {
    const book = await seedBook(t().db, t().ids, TEST_NOW);
    const base = { customerId: book.customer, number: "HT-R-1", amountFen: 1_000 * YUAN };
    const future = await t().call("rep", "POST", "/api/v1/contracts", { ...base, signedDate: "2026-06-16" }); // today is 2026-06-15
    expect(future.status).toBe(422);
    expect(future.body.error).toMatchObject({ code: "CONTRACT_SIGNED_IN_FUTURE", field: "signedDate" });
    const early = await t().call("rep", "POST", "/api/v1/contracts", {
      ...base,
      signedDate: "2026-06-01",
      schedule: [{ dueDate: "2026-05-31", amountFen: 1_000 * YUAN }],
    });
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ code: "INVALID", field: "schedule" });
    expect(await count("contracts")).toBe(0);
    const ok = await t().call("rep", "POST", "/api/v1/contracts", { ...base, signedDate: "2026-06-01" });
    expect(ok.status).toBe(201);
    contract = ok.body.id;
  });

  test("a payment before the signing or after today is refused with its code; nothing is written", async () => {
    for (const [day, code] of [
      ["2026-05-31", "PAYMENT_BEFORE_SIGNING"],
      ["2026-06-16", "PAYMENT_IN_FUTURE"],
    ] as const) {
      const r = await t().call("rep", "POST", `/api/v1/contracts/${contract}/payments`, { receivedDate: day, amountFen: 100 * YUAN });
      expect(r.status, day).toBe(422);
      expect(r.body.error, day).toMatchObject({ code, field: "receivedDate" });
    }
    expect(await count("payments")).toBe(0);
    expect((await t().call("rep", "POST", `/api/v1/contracts/${contract}/payments`, { receivedDate: "2026-06-01", amountFen: 100 * YUAN })).status).toBe(201);
    expect((await t().call("otherRep", "POST", `/api/v1/contracts/${contract}/payments`, { receivedDate: "2026-06-01", amountFen: 100 * YUAN })).status).toBe(
      404,
    );
    expect(await count("payments")).toBe(1);
  });
});
