import { expect, test } from "vitest";
import { forEachApp, TEST_NOW } from "../http/testing";
import { seedBook, YUAN } from "../forecast/test-book";
import { wonEvidence } from "./store";

forEachApp("lead to cash", (t) => {
  let book: Awaited<ReturnType<typeof seedBook>>;
  let quote: { id: number; version: number };

  test("a 25 % discount needs an admin: a manager cannot approve it; rejected, revised to 15 %, approved by the manager in round 2", async () => {
    book = await seedBook(t().db, t().ids, TEST_NOW);
    const c = await t().call("rep", "POST", "/api/v1/quotes", {
      opportunityId: book.o.repCommit,
      lines: [{ product: "CRM 许可", units: 10, unitPriceFen: 10_000 * YUAN }],
      discountBp: 2_500,
    });
    expect(c.status).toBe(201);
    expect(c.body.totals).toEqual({ listFen: 100_000 * YUAN, subtotalFen: 100_000 * YUAN, totalFen: 75_000 * YUAN, effectiveDiscountBp: 2_500 });
    expect(c.body.requiredApproval).toEqual({ overBp: 2_000, role: "admin" });
    quote = c.body;
    let r = await t().call("rep", "POST", `/api/v1/quotes/${quote.id}/submit`, { version: quote.version });
    expect(r.body).toMatchObject({ status: "pending_approval", round: 1 });
    expect((await t().call("rep", "POST", `/api/v1/quotes/${quote.id}/decision`, { version: r.body.version, decision: "approved" })).status).toBe(403);
    expect((await t().call("manager", "POST", `/api/v1/quotes/${quote.id}/decision`, { version: r.body.version, decision: "approved" })).status).toBe(409);
    r = await t().call("admin", "POST", `/api/v1/quotes/${quote.id}/decision`, { version: r.body.version, decision: "rejected", note: "折扣太大" });
    expect(r.body.status).toBe("rejected");
    r = await t().call("rep", "PUT", `/api/v1/quotes/${quote.id}`, {
      version: r.body.version,
      lines: [{ product: "CRM 许可", units: 10, unitPriceFen: 10_000 * YUAN }],
      discountBp: 1_500,
    });
    expect(r.body).toMatchObject({ status: "draft", total_fen: 85_000 * YUAN });
    r = await t().call("rep", "POST", `/api/v1/quotes/${quote.id}/submit`, { version: r.body.version });
    expect(r.body).toMatchObject({ status: "pending_approval", round: 2 });
    r = await t().call("manager", "POST", `/api/v1/quotes/${quote.id}/decision`, { version: r.body.version, decision: "approved" });
    expect(r.body.status).toBe("approved");
    expect(r.body.approvals.map((a: { round: number; decision: string }) => [a.round, a.decision])).toEqual([
      [1, "rejected"],
      [2, "approved"],
    ]);
    // a stale version is refused
    expect((await t().call("rep", "POST", `/api/v1/quotes/${quote.id}/send`, { version: 1 })).status).toBe(409);
    expect((await t().call("otherRep", "GET", `/api/v1/quotes/${quote.id}`)).status).toBe(404);
  });

  test("the Won gate's evidence: a contract, then the full first payment", async () => {
    const db = t().db;
    expect(await wonEvidence(db, book.o.repCommit)).toEqual({ contractSigned: false, firstPaymentReceived: false });
    const k = await t().call("rep", "POST", "/api/v1/contracts", {
      customerId: book.customer,
      opportunityId: book.o.repCommit,
      number: "HT-2026-001",
      signedDate: "2026-06-01",
      amountFen: 85_000 * YUAN,
      schedule: [
        { dueDate: "2026-06-10", amountFen: 25_000 * YUAN },
        { dueDate: "2026-07-31", amountFen: 60_000 * YUAN },
      ],
    });
    expect(k.status).toBe(201);
    expect(await wonEvidence(db, book.o.repCommit)).toEqual({ contractSigned: true, firstPaymentReceived: false });
    let p = await t().call("rep", "POST", `/api/v1/contracts/${k.body.id}/payments`, { receivedDate: "2026-06-08", amountFen: 20_000 * YUAN });
    expect(p.body.status.signed).toBe(false);
    expect(await wonEvidence(db, book.o.repCommit)).toEqual({ contractSigned: true, firstPaymentReceived: false });
    p = await t().call("rep", "POST", `/api/v1/contracts/${k.body.id}/payments`, { receivedDate: "2026-06-12", amountFen: 5_000 * YUAN });
    expect(p.body.status).toMatchObject({ signed: true, qualified: false, late: true }); // completed two days after 06-10
    expect(await wonEvidence(db, book.o.repCommit)).toEqual({ contractSigned: true, firstPaymentReceived: true });
    expect(
      (
        await t().call("rep", "POST", "/api/v1/contracts", {
          customerId: book.customer,
          number: "HT-X",
          signedDate: "2026-06-01",
          amountFen: 100,
          schedule: [{ dueDate: "2026-06-01", amountFen: 99 }],
        })
      ).status,
    ).toBe(400);
  });

  test("receivables ageing, commission on collected money, and signed customers", async () => {
    // a second contract, 10 000 due 2026-04-01 and unpaid: 75 days late on 2026-06-15 → 61–90
    await t().call("rep", "POST", "/api/v1/contracts", {
      customerId: book.customer,
      number: "HT-2026-002",
      signedDate: "2026-03-20",
      amountFen: 10_000 * YUAN,
      schedule: [{ dueDate: "2026-04-01", amountFen: 10_000 * YUAN }],
    });
    const ar = await t().call("manager", "GET", "/api/v1/reports/receivables");
    expect(ar.status).toBe(200);
    expect(ar.body.total.buckets).toEqual({ not_due: 60_000 * YUAN, d0_30: 0, d31_60: 0, d61_90: 10_000 * YUAN, d90_plus: 0 });
    const com = await t().call("admin", "GET", "/api/v1/reports/commission?period=2026-06&rateBp=300");
    expect(com.body.lines).toEqual([expect.objectContaining({ ownerId: t().ids.rep, collectedFen: 25_000 * YUAN, commissionFen: 750 * YUAN })]);
    const sc = await t().call("admin", "GET", "/api/v1/reports/signed-customers");
    expect(sc.body).toMatchObject({ contracted: 1, signed: 1, qualified: 0 });
    expect((await t().call("otherRep", "GET", "/api/v1/reports/receivables")).body.total.totalFen).toBe(0);
  });

  test("signed customers come a page at a time: an opaque cursor after the first contract, a count's customers, a changed cursor is a 400", async () => {
    // a second customer whose only contract is paid in full on signing: qualified
    const other = (await t().call("rep", "POST", "/api/v1/customers", { name: "分页签约客户" })).body.customer.id as number;
    const k = await t().call("rep", "POST", "/api/v1/contracts", { customerId: other, number: "HT-PAGE-1", signedDate: "2026-06-01", amountFen: 500 * YUAN });
    expect(k.status).toBe(201);
    const paid = await t().call("rep", "POST", `/api/v1/contracts/${k.body.id}/payments`, { receivedDate: "2026-06-01", amountFen: 500 * YUAN });
    expect(paid.status).toBeLessThan(300);
    const first = await t().call("admin", "GET", "/api/v1/reports/signed-customers?limit=1");
    expect(first.body).toMatchObject({ contracted: 2, signed: 2, qualified: 1 });
    expect(first.body.customers.map((c: { customerId: number }) => c.customerId)).toEqual([book.customer]);
    expect(typeof first.body.nextCursor).toBe("string");
    const second = await t().call("admin", "GET", `/api/v1/reports/signed-customers?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.customers.map((c: { customerId: number; status: string }) => [c.customerId, c.status])).toEqual([[other, "qualified"]]);
    expect(second.body.nextCursor).toBeNull();
    const q = await t().call("admin", "GET", "/api/v1/reports/signed-customers?sign=qualified");
    expect(q.body.customers.map((c: { customerId: number }) => c.customerId)).toEqual([other]);
    const bad = await t().call("admin", "GET", `/api/v1/reports/signed-customers?limit=1&cursor=${encodeURIComponent(`x${first.body.nextCursor}`)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("cursor");
    expect((await t().call("admin", "GET", "/api/v1/reports/signed-customers?sign=late")).status).toBe(400);
  });

  test("receivables come a page at a time: the total line whole on each page, the lines largest first, an altered or other-view cursor is a 400", async () => {
    // a third customer owing 3 000, due 2026-06-30 (not yet due on 2026-06-15), beside the book's 60 000 + 10 000
    const third = (await t().call("rep", "POST", "/api/v1/customers", { name: "分页应收客户" })).body.customer.id as number;
    const k = await t().call("rep", "POST", "/api/v1/contracts", {
      customerId: third,
      number: "HT-AR-PAGE",
      signedDate: "2026-06-02",
      amountFen: 3_000 * YUAN,
      schedule: [{ dueDate: "2026-06-30", amountFen: 3_000 * YUAN }],
    });
    expect(k.status).toBe(201);
    const total = { not_due: 63_000 * YUAN, d0_30: 0, d31_60: 0, d61_90: 10_000 * YUAN, d90_plus: 0 };
    const first = await t().call("admin", "GET", "/api/v1/reports/receivables?limit=1");
    expect(first.status).toBe(200);
    expect(first.body.total.buckets).toEqual(total);
    expect(first.body.lines.map((l: { key: number; totalFen: number }) => [l.key, l.totalFen])).toEqual([[book.customer, 70_000 * YUAN]]);
    const second = await t().call("admin", "GET", `/api/v1/reports/receivables?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.total.buckets).toEqual(total);
    expect(second.body.lines.map((l: { key: number; name: string; totalFen: number }) => [l.key, l.name, l.totalFen])).toEqual([
      [third, "分页应收客户", 3_000 * YUAN],
    ]);
    expect(second.body.nextCursor).toBeNull();
    for (const bad of [`x${first.body.nextCursor}`, "not-a-cursor", first.body.nextCursor.replace(/\.[^.]*$/, ".AAAAAAAAAAAAAAAA")]) {
      const r = await t().call("admin", "GET", `/api/v1/reports/receivables?limit=1&cursor=${encodeURIComponent(bad)}`);
      expect([r.status, r.body.error.code, r.body.error.field]).toEqual([400, "INVALID", "cursor"]);
    }
    // a customer view's cursor does not continue the owner view
    const owner = await t().call("admin", "GET", `/api/v1/reports/receivables?by=owner&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect([owner.status, owner.body.error.field]).toEqual([400, "cursor"]);
    expect((await t().call("admin", "GET", "/api/v1/reports/receivables?limit=0")).status).toBe(400);
  });
});
