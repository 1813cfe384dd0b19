import { beforeAll, expect, test } from "vitest";
import { forEachApp, type Person, type TestApp } from "../http/testing";
import { installDefaults } from "../pipelines/install";

async function product(t: TestApp, code: string, listPriceFen: number, category: string | null = "软件") {
  const r = await t.call("admin", "POST", "/api/v1/products", {
    code,
    name: `产品 ${code}`,
    category,
    unit: "套",
    listPriceFen,
    costFen: Math.round(listPriceFen / 2),
  });
  expect(r.status).toBe(201);
  return r.body as { id: number; code: string; version: number };
}

async function deal(t: TestApp, who: Person, title = "产品测试项目") {
  const c = await t.call(who, "POST", "/api/v1/customers", { name: `${title} 客户 ${Math.random()}` });
  expect(c.status).toBe(201);
  const crm5 = (await t.call(who, "GET", "/api/v1/pipelines")).body.items.find((p: { key: string }) => p.key === "crm5");
  const o = await t.call(who, "POST", "/api/v1/opportunities", {
    customerId: c.body.customer.id,
    pipelineId: crm5.id,
    title,
    amountFen: 1_00,
    source: "inbound",
  });
  expect(o.status).toBe(201);
  return o.body as { id: number; version: number; customerId: number };
}

forEachApp("products: catalogue, line items, quotes from lines", (t) => {
  beforeAll(async () => {
    await installDefaults(t().db, t().clock.now);
  });

  test("admins and managers add products, reps may only read; a code that exists is 409 naming code and adds nothing", async () => {
    await product(t(), "ERP-STD", 1_000_000);
    expect((await t().call("manager", "POST", "/api/v1/products", { code: "MGR-1", name: "经理加的", listPriceFen: 100 })).status).toBe(201);
    const rep = await t().call("rep", "POST", "/api/v1/products", { code: "REP-1", name: "x", listPriceFen: 100 });
    expect(rep.status).toBe(403);
    const before = (
      await t()
        .db.selectFrom("products")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n;
    const dup = await t().call("admin", "POST", "/api/v1/products", { code: "ERP-STD", name: "重复", listPriceFen: 5 });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: "DUPLICATE", field: "code" });
    expect(
      (
        await t()
          .db.selectFrom("products")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(before);
    const bad = await t().call("admin", "POST", "/api/v1/products", { code: "NEG", name: "负价", listPriceFen: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("listPriceFen");
    expect((await t().call("rep", "GET", "/api/v1/products?q=erp-std")).body.items.map((p: { code: string }) => p.code)).toEqual(["ERP-STD"]);
  });

  test("the catalogue pages by keyset cursor without repeats; a stale edit is 409", async () => {
    for (const c of ["PG-A", "PG-B", "PG-C"]) await product(t(), c, 100, "分页");
    const p1 = await t().call("rep", "GET", "/api/v1/products?category=分页&limit=2");
    expect(p1.body.items.map((p: { code: string }) => p.code)).toEqual(["PG-A", "PG-B"]);
    const p2 = await t().call("rep", "GET", `/api/v1/products?category=分页&limit=2&cursor=${encodeURIComponent(p1.body.nextCursor)}`);
    expect(p2.body.items.map((p: { code: string }) => p.code)).toEqual(["PG-C"]);
    expect(p2.body.nextCursor).toBeNull();
    const id = p1.body.items[0].id;
    expect((await t().call("admin", "PATCH", `/api/v1/products/${id}`, { version: 1, listPriceFen: 200 })).status).toBe(200);
    const stale = await t().call("admin", "PATCH", `/api/v1/products/${id}`, { version: 1, listPriceFen: 300 });
    expect(stale.status).toBe(409);
    expect((await t().call("rep", "GET", `/api/v1/products/${id}`)).body.listPriceFen).toBe(200);
    expect((await t().call("admin", "PATCH", `/api/v1/products/${id}`, { version: 2, code: "PG-B" })).body.error.field).toBe("code");
  });

  test("line items set the amount to their total, in one transaction with an audit row; a stale version is 409", async () => {
    const a = await product(t(), "LN-A", 200_000);
    const b = await product(t(), "LN-B", 500_000);
    const pl = await t().call("admin", "POST", "/api/v1/price-lists", { name: "渠道价", isDefault: true, items: [{ productId: a.id, priceFen: 180_000 }] });
    expect(pl.status).toBe(201);
    const o = await deal(t(), "rep");
    const r = await t().call("rep", "PUT", `/api/v1/opportunities/${o.id}/lines`, {
      version: o.version,
      lines: [
        { productId: a.id, units: 3, discountBp: 1_000 },
        { productId: b.id, units: 1 },
      ],
    });
    expect(r.status).toBe(200);
    // 3 × ¥1 800 (price list) × 0.9 + 1 × ¥5 000 = 486 000 + 500 000 fen
    expect(r.body.items.map((l: { unitPriceFen: number }) => l.unitPriceFen)).toEqual([180_000, 500_000]);
    expect(r.body.totals.totalFen).toBe(3 * 180_000 * 0.9 + 500_000);
    const opp = (await t().call("rep", "GET", `/api/v1/opportunities/${o.id}`)).body;
    expect(opp.amountFen).toBe(986_000);
    expect(opp.version).toBe(o.version + 1);
    const audits = await t().db.selectFrom("audit_log").select("action").where("entity", "=", "opportunity").where("entity_id", "=", o.id).execute();
    expect(audits.map((x) => x.action)).toContain("lines");
    const stale = await t().call("rep", "PUT", `/api/v1/opportunities/${o.id}/lines`, { version: o.version, lines: [] });
    expect(stale.status).toBe(409);
    expect((await t().call("rep", "GET", `/api/v1/opportunities/${o.id}/lines`)).body.items).toHaveLength(2);
  });

  test("with lines, an edit of the amount that disagrees is refused naming amountFen; the total itself is accepted", async () => {
    const p = await product(t(), "AM-1", 100_000);
    const o = await deal(t(), "rep");
    await t().call("rep", "PUT", `/api/v1/opportunities/${o.id}/lines`, { version: o.version, lines: [{ productId: p.id, units: 2 }] });
    const cur = (await t().call("rep", "GET", `/api/v1/opportunities/${o.id}`)).body;
    const r = await t().call("rep", "PATCH", `/api/v1/opportunities/${o.id}`, { version: cur.version, amountFen: 5 });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "RULE", field: "amountFen" });
    expect((await t().call("rep", "PATCH", `/api/v1/opportunities/${o.id}`, { version: cur.version, amountFen: 200_000, title: "改名" })).status).toBe(200);
    expect((await t().call("rep", "GET", `/api/v1/opportunities/${o.id}`)).body.amountFen).toBe(200_000);
  });

  test("bad lines are 400 naming the line, nothing changes; another department's rep gets 404", async () => {
    const o = await deal(t(), "rep");
    const unknown = await t().call("rep", "PUT", `/api/v1/opportunities/${o.id}/lines`, { version: o.version, lines: [{ productId: 999_999, units: 1 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("lines.0.productId");
    const zero = await t().call("rep", "PUT", `/api/v1/opportunities/${o.id}/lines`, { version: o.version, lines: [{ productId: 1, units: 0 }] });
    expect(zero.status).toBe(400);
    expect((await t().call("rep", "GET", `/api/v1/opportunities/${o.id}`)).body).toMatchObject({ amountFen: 1_00, version: o.version });
    expect((await t().call("otherRep", "GET", `/api/v1/opportunities/${o.id}/lines`)).status).toBe(404);
    expect((await t().call("otherRep", "PUT", `/api/v1/opportunities/${o.id}/lines`, { version: o.version, lines: [] })).status).toBe(404);
    expect((await t().call("otherRep", "POST", `/api/v1/opportunities/${o.id}/quote`, {})).status).toBe(404);
  });

  test("a quote from lines at a lower unit price and 0 % discount waits for a manager (effective 15 %)", async () => {
    const p = await product(t(), "QT-ERP", 1_000_000);
    const o = await deal(t(), "rep");
    await t().call("rep", "PUT", `/api/v1/opportunities/${o.id}/lines`, {
      version: o.version,
      lines: [{ productId: p.id, units: 10, unitPriceFen: 850_000, discountBp: 0 }],
    });
    const q = await t().call("rep", "POST", `/api/v1/opportunities/${o.id}/quote`, {});
    expect(q.status).toBe(201);
    expect(q.body.totals).toEqual({ listFen: 10_000_000, subtotalFen: 8_500_000, totalFen: 8_500_000, effectiveDiscountBp: 1_500 });
    const s = await t().call("rep", "POST", `/api/v1/quotes/${q.body.id}/submit`, { version: q.body.version });
    expect(s.body.status).toBe("pending_approval");
    expect(s.body.requiredApproval.role).toBe("manager");
    // The same dodge through the quote API, naming the product by its code, is caught too.
    const direct = await t().call("rep", "POST", "/api/v1/quotes", {
      opportunityId: o.id,
      lines: [{ product: "QT-ERP", units: 10, unitPriceFen: 850_000, discountBp: 0 }],
      discountBp: 0,
    });
    expect(direct.body.totals.effectiveDiscountBp).toBe(1_500);
    // ¥9 500 is 5 % under list: approved on submission.
    const o2 = await deal(t(), "rep");
    await t().call("rep", "PUT", `/api/v1/opportunities/${o2.id}/lines`, {
      version: o2.version,
      lines: [{ productId: p.id, units: 1, unitPriceFen: 950_000 }],
    });
    const q2 = (await t().call("rep", "POST", `/api/v1/opportunities/${o2.id}/quote`, {})).body;
    expect((await t().call("rep", "POST", `/api/v1/quotes/${q2.id}/submit`, { version: q2.version })).body.status).toBe("approved");
    const o3 = await deal(t(), "rep");
    expect((await t().call("rep", "POST", `/api/v1/opportunities/${o3.id}/quote`, {})).status).toBe(400);
  });
});
