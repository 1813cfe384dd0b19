/**
 * The cash read model (contract_cash, instalment_open, payment_counted) on both engines: after random sequences of
 * contract creates (with and without schedules), payments and refunds through the API's stores, and contract and
 * payment imports (one batch each, a failing batch rolled back), it equals its rebuild from the source tables, and
 * the three cash reports answer as the full-scan oracle (src/readmodels/oracle/cash-reports.ts) does.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { createContract, recordPayment } from "../cash/contract-store";
import { mergeCustomers } from "../customers/merge-store";
import { commissionReport, receivablesReport, signedCustomersReport } from "../cash/reports";
import { dateStart, localDate } from "../core/dates";
import { AppError } from "../core/errors";
import type { Db } from "../db/connect";
import { forEachDatabase } from "../db/testing";
import { transferOpportunities } from "../transfers/transfer-store";
import { CUSTOMERS_CSV, importCsv, NOW, OPPORTUNITIES_CSV, seedImportDb, TZ } from "../import/fixtures";
import { commissionOracle, receivablesOracle, signedCustomersOracle } from "./oracle/cash-reports";
import { rebuild } from "./rebuild";

const TABLES = [
  ["contract_cash", "contract_id"],
  ["instalment_open", "contract_id, seq"],
  ["payment_counted", "payment_id"],
  ["signed_customers", "customer_id"],
  ["commission_cells", "period, owner_id"],
  ["commission_credit", "contract_id"],
] as const;

async function rows(db: Db) {
  const out: Record<string, unknown[]> = {};
  for (const [t, key] of TABLES)
    out[t] = (await sql<Record<string, unknown>>`select * from ${sql.table(t)} order by ${sql.raw(key)}`.execute(db)).rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v == null ? null : k === "period" ? v : Number(v)])),
    );
  return out;
}

class Rollback extends Error {}

/** The model's rows as kept, and as a rebuild gives them (in a transaction rolled back). */
async function keptAndRebuilt(db: Db) {
  const kept = await rows(db);
  let rebuilt: Record<string, unknown[]> = {};
  await db
    .transaction()
    .execute(async (tx) => {
      await rebuild(tx, "cash", { tz: TZ, now: NOW });
      rebuilt = await rows(tx as unknown as Db);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return { kept, rebuilt };
}

const day = (offset: number) => localDate(NOW - offset * 86_400_000, TZ);
const normal = (x: unknown) => JSON.parse(JSON.stringify(x));

type Cmd =
  | { k: "contract"; customer: number; amount: number; parts: number; signedAgo: number; dueStep: number; viaImport: boolean; deal: boolean }
  | { k: "transfer"; deal: number; to: number }
  | { k: "pay"; contract: number; amount: number; ago: number; viaImport: boolean }
  | { k: "badImport"; contract: number; amount: number }
  | { k: "merge"; from: number; into: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    k: fc.constant("contract" as const),
    customer: fc.nat(2),
    amount: fc.integer({ min: 100, max: 900_000 }),
    parts: fc.nat(3),
    signedAgo: fc.integer({ min: 0, max: 200 }),
    dueStep: fc.integer({ min: 0, max: 60 }),
    viaImport: fc.boolean(),
    deal: fc.boolean(),
  }),
  // a deal changes owner: its contracts' commission moves to the new owner
  fc.record({ k: fc.constant("transfer" as const), deal: fc.nat(5), to: fc.nat(2) }),
  fc.record({
    k: fc.constant("pay" as const),
    contract: fc.nat(20),
    amount: fc.integer({ min: -50_000, max: 600_000 }).filter((a) => a !== 0),
    ago: fc.integer({ min: 0, max: 200 }),
    viaImport: fc.boolean(),
  }),
  fc.record({ k: fc.constant("badImport" as const), contract: fc.nat(20), amount: fc.integer({ min: 1, max: 10_000 }) }),
);
// a merge moves the source's contracts to the survivor: both customers' signed_customers rows change
const cmdOrMerge: fc.Arbitrary<Cmd> = fc.oneof(
  { arbitrary: cmd, weight: 6 },
  { arbitrary: fc.record({ k: fc.constant("merge" as const), from: fc.nat(6), into: fc.nat(6) }), weight: 1 },
);

forEachDatabase("cash read model", (h) => {
  test("equals its rebuild after random writes through the stores and imports, and the reports equal the oracle", async () => {
    const db = h().db;
    const ids = await seedImportDb(db);
    expect((await importCsv(db, "customers", CUSTOMERS_CSV, ids.admin)).status).toBe("done");
    expect((await importCsv(db, "opportunities", OPPORTUNITIES_CSV, ids.admin)).status).toBe("done");
    const customers = (await db.selectFrom("customers").select(["id", "external_id"]).orderBy("id").execute()).map((c) => ({
      id: Number(c.id),
      ext: String(c.external_id),
    }));
    const admin: Viewer = { id: ids.admin, role: "admin", teamId: null, name: "admin", email: "admin@test.jindou", locale: "zh-CN" };
    const contracts: Array<{ id: number; number: string }> = [];
    let serial = 0;
    let merges = 0;
    const reps = [ids.rep, ids.rep2, ids.otherRep];
    let movedCredits = 0; // transfers of a deal whose contracts have counted payments, to another owner
    const apply = async (c: Cmd) => {
      if (c.k === "transfer") {
        const deals = await db.selectFrom("opportunities").select("id").orderBy("id").execute();
        if (!deals.length) return;
        const deal = Number(deals[c.deal % deals.length].id);
        const paid = await sql<{ n: number }>`select count(*) as n from payment_counted pc join contracts k on k.id = pc.contract_id
          join opportunities o on o.id = k.opportunity_id where o.id = ${deal} and o.owner_id <> ${reps[c.to]}`.execute(db);
        if (Number(paid.rows[0].n) > 0) movedCredits++;
        await transferOpportunities(db, admin, { ids: [deal], toUserId: reps[c.to] }, NOW);
        return;
      }
      if (c.k === "merge") {
        const [from, into] = [customers[c.from % customers.length], customers[c.into % customers.length]];
        if (from === into) return;
        await mergeCustomers(db, admin, from.id, { intoId: into.id }, NOW);
        // a new customer takes the merged one's place, so later contracts still spread over three
        const ext = `CM${++merges}`;
        const head = CUSTOMERS_CSV.split("\n")[0];
        expect((await importCsv(db, "customers", `${head}\n${ext},合并后新客户${merges},,制造,华东,rep2@test.jindou,中,`, ids.admin)).status).toBe("done");
        const fresh = await db.selectFrom("customers").select("id").where("external_id", "=", ext).executeTakeFirstOrThrow();
        customers.splice(customers.indexOf(from), 1, { id: Number(fresh.id), ext });
        return;
      }
      if (c.k === "contract") {
        const number = `K-${++serial}`;
        const signed = day(c.signedAgo);
        const n = c.parts;
        const part = Math.floor(c.amount / Math.max(1, n));
        const schedule = Array.from({ length: n }, (_, i) => ({
          dueDate: localDate(dateStart(signed, TZ) + (i + 1) * c.dueStep * 86_400_000, TZ),
          amountFen: i === n - 1 ? c.amount - part * (n - 1) : part,
        }));
        const cust = customers[c.customer % customers.length];
        if (c.viaImport) {
          const yuan = (f: number) => (f / 100).toFixed(2);
          const lines = ["number,customer_external_id,signed_date,amount,due_date,instalment_amount"];
          if (!schedule.length) lines.push(`${number},${cust.ext},${signed},${yuan(c.amount)},,`);
          for (const s of schedule) lines.push(`${number},${cust.ext},${signed},${yuan(c.amount)},${s.dueDate},${yuan(s.amountFen)}`);
          const r = await importCsv(db, "contracts", lines.join("\n"), ids.admin);
          if (r.status !== "done" || r.errors.length) return;
        } else {
          // with a deal of the customer (the contract's owner is the deal's), else none (the customer's owner)
          const deal = c.deal
            ? await db.selectFrom("opportunities").select("id").where("customer_id", "=", cust.id).orderBy("id").executeTakeFirst()
            : undefined;
          try {
            await createContract(
              db,
              admin,
              { customerId: cust.id, opportunityId: deal ? Number(deal.id) : null, number, signedDate: signed, amountFen: c.amount, schedule },
              NOW,
              TZ,
            );
          } catch (e) {
            if (e instanceof AppError) return;
            throw e;
          }
        }
        const k = await db.selectFrom("contracts").select("id").where("number", "=", number).executeTakeFirstOrThrow();
        contracts.push({ id: Number(k.id), number });
      } else if (contracts.length) {
        const k = contracts[c.contract % contracts.length];
        if (c.k === "badImport") {
          // a batch whose second row fails is rolled back as a whole: the first row's payment leaves no trace in the model
          const r = await importCsv(
            db,
            "payments",
            `contract_number,received_date,amount\n${k.number},${day(0)},${c.amount / 100}\nHT-404,${day(0)},1`,
            ids.admin,
          );
          expect(r.errors.length).toBeGreaterThan(0);
          return;
        }
        if (c.viaImport) {
          await importCsv(db, "payments", `contract_number,received_date,amount\n${k.number},${day(c.ago)},${(c.amount / 100).toFixed(2)}`, ids.admin);
        } else
          try {
            await recordPayment(db, admin, k.id, { receivedDate: day(c.ago), amountFen: c.amount }, NOW, TZ);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
          }
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(cmdOrMerge, { minLength: 6, maxLength: 16 }), async (cmds) => {
        for (const c of cmds) await apply(c);
        const { kept, rebuilt } = await keptAndRebuilt(db);
        expect(kept).toEqual(rebuilt);
      }),
      { numRuns: 8, seed: 20_261_202 }, // fixed: the counts checked below (contracts, counted payments) depend on the draw
    );
    expect(contracts.length).toBeGreaterThan(5);
    expect(merges).toBeGreaterThan(0);
    expect((await rows(db)).payment_counted.length).toBeGreaterThan(3);
    for (const now of [NOW, NOW - 40 * 86_400_000]) {
      expect(normal(await signedCustomersReport(db, admin, now, TZ))).toEqual(normal(await signedCustomersOracle(db, admin, now, TZ)));
      expect(normal({ ...(await receivablesReport(db, admin, { by: "owner" }, NOW, TZ)), nextAfter: undefined })).toEqual(
        normal(await receivablesOracle(db, admin, { by: "owner" }, NOW, TZ)),
      );
    }
    expect((await rows(db)).commission_cells.length).toBeGreaterThan(3);
    expect(movedCredits).toBeGreaterThan(0);
    const weeks = new Set((await rows(db)).commission_cells.map((c) => String((c as { period: string }).period)).filter((k) => k.includes("W")));
    for (const period of ["2026-Q2", "2026-Q1", "2026", "2026-06", "2026-05", ...weeks])
      for (const f of [{}, { owner: ids.rep }, { team: ids.teamA }])
        expect(normal(await commissionReport(db, admin, period, 250, TZ, f))).toEqual(normal(await commissionOracle(db, admin, period, 250, TZ, f)));
  }, 600_000);

  test("days are cut in a zone with daylight saving at each instant's own offset (America/New_York)", async () => {
    const db = h().db;
    const ny = "America/New_York";
    const summer = Date.parse("2026-07-15T16:00:00Z"); // EDT, UTC−4
    const admin = await db.selectFrom("users").select("id").where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
    const cust = await db.selectFrom("customers").select("id").orderBy("id").executeTakeFirstOrThrow();
    const viewer: Viewer = { id: Number(admin.id), role: "admin", teamId: null, name: "admin", email: "admin@test.jindou", locale: "zh-CN" };
    const k = await db
      .insertInto("contracts")
      .values({
        customer_id: cust.id,
        opportunity_id: null,
        number: "DST-1",
        signed_at: dateStart("2026-01-05", ny),
        amount_fen: 1_000,
        created_by: viewer.id,
        created_at: 0,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("payment_schedule").values({ contract_id: k.id, seq: 1, due_date: "2026-01-20", amount_fen: 1_000 }).execute();
    // paid 23:30 EST (UTC−5) on its due day: on time; at July's offset (UTC−4) the same instant reads 00:30 the day after
    const paidAt = dateStart("2026-01-21", ny) - 30 * 60_000;
    expect(localDate(paidAt, ny)).toBe("2026-01-20");
    expect(localDate(paidAt + (-4 * 3_600_000 - -5 * 3_600_000), ny)).toBe("2026-01-21");
    await db.insertInto("payments").values({ contract_id: k.id, received_at: paidAt, amount_fen: 1_000, note: null, created_by: viewer.id }).execute();
    await rebuild(db, "cash", { tz: ny, now: summer });
    const got = await signedCustomersReport(db, viewer, summer, ny, { id: Number(k.id) });
    expect(got.customers.map((c) => [c.status, c.collectedFen])).toEqual([["qualified", 1_000]]);
    expect(normal(got)).toEqual(normal(await signedCustomersOracle(db, viewer, summer, ny, { id: Number(k.id) })));
  });
});
