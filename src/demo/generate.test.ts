/** The demo generator at tiny scale, on both databases: deterministic, consistent with its events, funnel-shaped. */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, test } from "vitest";
import type { Db } from "../db/connect";
import { createTestDb, forEachDatabase } from "../db/testing";
import { verifyPassword } from "../users/password";
import { generateDemo } from "./generate";
import { isValidCreditCode } from "./names";
import { DEMO_PASSWORD } from "./people";
import { ORDER_PRODUCTS, PRODUCTS } from "./words";
import { lineTotalFen } from "../cash/quote";

const NOW = Date.UTC(2026, 0, 15, 4);
const HASHED = ["customers", "contacts", "opportunities", "stage_events", "criterion_checks", "activities", "orders", "payments"] as const;

async function checksum(db: Db): Promise<string> {
  const h = createHash("sha256");
  for (const t of HASHED) {
    const rows = await db.selectFrom(t).selectAll().orderBy("id").execute();
    for (const r of rows) h.update(JSON.stringify(Object.values(r).map((v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v))));
  }
  return h.digest("hex");
}

async function checksumOfFresh(kind: "sqlite" | "postgres", seed: number): Promise<string> {
  const other = await createTestDb(kind);
  try {
    await generateDemo(other.db, { scale: "tiny", seed, now: NOW });
    return await checksum(other.db);
  } finally {
    await other.drop();
  }
}

forEachDatabase("generateDemo (tiny)", (getDb) => {
  let rows: Record<string, number> = {};
  beforeAll(async () => {
    rows = (await generateDemo(getDb().db, { scale: "tiny", seed: 7, now: NOW })).rows;
  }, 60_000);

  test("writes the tiny scale's volumes", () => {
    expect(rows).toMatchObject({ teams: 1, users: 5, customers: 100, opportunities: 500, orders: 2_000 });
    expect(rows.stage_events).toBeGreaterThan(1_500);
    expect(rows.activities).toBeGreaterThan(500);
  });

  test("the same seed gives identical rows, another seed different ones", async () => {
    const { db, kind } = getDb();
    const mine = await checksum(db);
    expect(await checksumOfFresh(kind, 7)).toBe(mine);
    expect(await checksumOfFresh(kind, 8)).not.toBe(mine);
  }, 60_000);

  test("refuses a database that already has customers", async () => {
    await expect(generateDemo(getDb().db, { scale: "tiny", seed: 7, now: NOW })).rejects.toThrow(/empty database/);
  });

  test("every opportunity's stage, status and times match its last event", async () => {
    const { db } = getDb();
    const bad = await sql<{ id: number }>`
      select o.id from opportunities o
      join stage_events e on e.opportunity_id = o.id
        and e.id = (select max(e2.id) from stage_events e2 where e2.opportunity_id = o.id)
      where e.to_stage_id <> o.stage_id
         or (o.status = 'won') <> (e.kind = 'won') or (o.status = 'lost') <> (e.kind = 'lost')
         or (o.status <> 'open' and (o.closed_at <> e.at or o.stage_entered_at <> e.at))
         or (o.status = 'open' and o.closed_at is not null)
         or (o.status = 'lost' and o.lost_reason is null)`.execute(db);
    expect(bad.rows).toEqual([]);
    const n = await db
      .selectFrom("opportunities")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(500);
  });

  test("events move one stage at a time and stay in time order", async () => {
    const { db } = getDb();
    const events = await db
      .selectFrom("stage_events as e")
      .innerJoin("stages as t", "t.id", "e.to_stage_id")
      .leftJoin("stages as f", "f.id", "e.from_stage_id")
      .select([
        "e.opportunity_id",
        "e.kind",
        "e.at",
        "t.position as toPos",
        "t.kind as toKind",
        "f.position as fromPos",
        "f.pipeline_id as fromPipeline",
        "t.pipeline_id as toPipeline",
      ])
      .orderBy("e.id")
      .execute();
    const lastAt = new Map<number, number>();
    const wrong: unknown[] = [];
    for (const e of events) {
      const prev = lastAt.get(e.opportunity_id);
      if (prev !== undefined && e.at < prev) wrong.push(["time", e]);
      lastAt.set(e.opportunity_id, e.at);
      if (e.kind === "create" && (e.toPos !== 0 || e.fromPos !== null)) wrong.push(e);
      if (e.kind !== "create" && e.fromPipeline !== e.toPipeline) wrong.push(e);
      if ((e.kind === "advance" || e.kind === "won") && e.toKind !== "lost" && e.toPos !== (e.fromPos ?? -9) + 1) wrong.push(e);
      if (e.kind === "back" && e.toPos !== (e.fromPos ?? 0) - 1) wrong.push(e);
      if (e.kind === "stay" && e.toPos !== e.fromPos) wrong.push(e);
    }
    expect(wrong).toEqual([]);
  });

  test("the share reaching each stage declines like a funnel", async () => {
    const { db } = getDb();
    const reached = await db
      .selectFrom("stage_events as e")
      .innerJoin("stages as s", "s.id", "e.to_stage_id")
      .innerJoin("pipelines as p", "p.id", "s.pipeline_id")
      .where("e.kind", "in", ["create", "advance", "won"])
      .select(["p.key", "s.position", (eb) => eb.fn.count<number>("e.opportunity_id").distinct().as("n")])
      .groupBy(["p.key", "s.position"])
      .orderBy("p.key")
      .orderBy("s.position")
      .execute();
    for (const key of ["probability", "crm5"]) {
      const counts = reached.filter((r) => r.key === key).map((r) => Number(r.n));
      expect(counts.length).toBeGreaterThanOrEqual(5);
      for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThan(counts[i - 1]);
      const win = counts[counts.length - 1] / counts[0];
      expect(win).toBeGreaterThan(0.04);
      expect(win).toBeLessThan(0.25);
    }
  });

  test("the top 20 % of customers bring most of the revenue, at a 15–45 % margin", async () => {
    const { db } = getDb();
    const rev = await db
      .selectFrom("orders")
      .select(["customer_id", (eb) => eb.fn.sum<number>("amount_fen").as("r"), (eb) => eb.fn.sum<number>("cost_fen").as("c")])
      .groupBy("customer_id")
      .execute();
    const sorted = rev.map((r) => Number(r.r)).sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top = sorted.slice(0, Math.ceil(sorted.length * 0.2)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThanOrEqual(0.6);
    const margin = 1 - rev.reduce((a, r) => a + Number(r.c), 0) / total;
    expect(margin).toBeGreaterThan(0.15);
    expect(margin).toBeLessThan(0.45);
  });

  test("amounts are whole fen within ¥1万–500万, credit codes valid and unique, demo users can log in", async () => {
    const { db } = getDb();
    const opps = await db.selectFrom("opportunities").select(["amount_fen"]).execute();
    for (const o of opps) {
      expect(Number.isInteger(o.amount_fen)).toBe(true);
      expect(o.amount_fen).toBeGreaterThanOrEqual(1_000_000);
      expect(o.amount_fen).toBeLessThanOrEqual(500_000_000);
    }
    const codes = (await db.selectFrom("customers").select("credit_code").where("credit_code", "is not", null).execute()).map((c) => c.credit_code ?? "");
    expect(codes.length).toBeGreaterThan(30);
    expect(codes.every(isValidCreditCode)).toBe(true);
    const rep = await db.selectFrom("users").where("email", "=", "rep1@demo.jindou").select(["password_hash", "role", "team_id"]).executeTakeFirstOrThrow();
    expect(rep.role).toBe("rep");
    expect(await verifyPassword(DEMO_PASSWORD, rep.password_hash)).toBe(true);
    const roles = await db.selectFrom("users").select("role").execute();
    expect(roles.map((r) => r.role).sort()).toEqual(["admin", "manager", "rep", "rep", "rep"]);
  });

  test("open deals include stalled ones and follow-ups include overdue ones", async () => {
    const { db } = getDb();
    const stalled = await db
      .selectFrom("opportunities as o")
      .innerJoin("stages as s", "s.id", "o.stage_id")
      .where("o.status", "=", "open")
      .where(sql<boolean>`${NOW} - o.stage_entered_at > s.stall_days * cast(86400000 as bigint)`)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(stalled.n)).toBeGreaterThan(0);
    const overdue = await db
      .selectFrom("activities")
      .where("done_at", "is", null)
      .where("planned_at", "<", NOW)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(overdue.n)).toBeGreaterThan(0);
  });
});

forEachDatabase("generateDemo (tiny): the product catalogue", (getDb) => {
  beforeAll(async () => {
    await generateDemo(getDb().db, { scale: "tiny", seed: 7, now: NOW });
  }, 60_000);

  test("one product per name the deals and orders use, at its words.ts list price, all on the default price list", async () => {
    const { db } = getDb();
    const names = new Map([...PRODUCTS, ...ORDER_PRODUCTS].map((p) => [p.name, p.priceFen]));
    const products = await db.selectFrom("products").selectAll().orderBy("id").execute();
    expect(products.map((p) => [p.name, Number(p.list_price_fen)])).toEqual([...names]);
    expect(new Set(products.map((p) => p.code)).size).toBe(products.length);
    for (const p of products) expect(Number(p.cost_fen)).toBeLessThan(Number(p.list_price_fen));
    const items = await db
      .selectFrom("price_list_items as i")
      .innerJoin("price_lists as l", "l.id", "i.price_list_id")
      .innerJoin("products as p", "p.id", "i.product_id")
      .where("l.is_default", "=", 1)
      .select(["p.name", "i.price_fen"])
      .execute();
    expect(new Map(items.map((i) => [i.name, Number(i.price_fen)]))).toEqual(names);
  });

  test("quote lines and orders carry the product they name; deals whose amount divides by their units have one line totalling the amount", async () => {
    const { db } = getDb();
    const ids = new Map((await db.selectFrom("products").select(["id", "name"]).execute()).map((p) => [p.name, Number(p.id)]));
    const quoteLines = await db.selectFrom("quote_lines").select(["product", "product_id", "list_price_fen", "unit_price_fen"]).execute();
    expect(quoteLines.length).toBeGreaterThan(0);
    for (const l of quoteLines) {
      expect(Number(l.product_id)).toBe(ids.get(l.product!));
      expect(Number(l.list_price_fen)).toBe(Number(l.unit_price_fen)); // demo quotes are priced at list, discounted on the quote
    }
    const orders = await db.selectFrom("orders").select(["product", "product_id"]).execute();
    for (const o of orders) expect(Number(o.product_id)).toBe(ids.get(o.product!));
    const opps = await db.selectFrom("opportunities").select(["id", "product", "units", "amount_fen"]).orderBy("id").execute();
    const expected = opps
      .filter((o) => Number(o.units) > 0 && Number(o.amount_fen) % Number(o.units) === 0)
      .map((o) => ({
        id: Number(o.id),
        product: ids.get(o.product!),
        units: Number(o.units),
        price: Number(o.amount_fen) / Number(o.units),
        total: Number(o.amount_fen),
      }));
    expect(expected.length).toBeGreaterThan(opps.length / 4);
    expect(expected.length).toBeLessThan(opps.length);
    const lines = await db.selectFrom("opportunity_lines").selectAll().orderBy("opportunity_id").execute();
    expect(
      lines.map((l) => ({
        id: Number(l.opportunity_id),
        product: Number(l.product_id),
        units: Number(l.units),
        price: Number(l.unit_price_fen),
        total: Number(l.total_fen),
      })),
    ).toEqual(expected);
    for (const l of lines)
      expect(lineTotalFen({ units: Number(l.units), unitPriceFen: Number(l.unit_price_fen), discountBp: l.discount_bp })).toBe(Number(l.total_fen));
  });
});
