/**
 * The cash reports computed in SQL (reports.ts) answer as the load-everything reports did (src/readmodels/oracle/cash-reports.ts, the
 * oracle), on both engines, on tiny demo data and on hand-made contracts: no schedule, refunds, overpayment, two
 * payments in one millisecond, a payment either side of Shanghai midnight on its due date, unpaid past due, and
 * payments on both sides of a commission period's edges. Also a worked example checked against hand-computed figures.
 */
import { beforeAll, expect, test } from "vitest";
import { dateStart, DAY_MS } from "../core/dates";
import { forEachDatabase } from "../db/testing";
import { generateDemo } from "../demo/generate";
import type { Viewer } from "../access/viewer";
import { loadViewer } from "../http/auth";
import type { Cursor } from "../db/keyset";
import { allReceivables, commissionReport, receivablesReport, signedCustomersReport } from "./reports";
import { rebuild } from "../readmodels/rebuild";
import { commissionOracle, receivablesOracle, signedCustomersOracle } from "../readmodels/oracle/cash-reports";

const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-15T04:00:00Z");
const H = 3_600_000;
const d = (date: string) => dateStart(date, TZ);

/** Plain JSON (numbers as numbers, no undefined keys), for comparing two answers. */
const normal = (x: unknown) => JSON.parse(JSON.stringify(x));

forEachDatabase("cash reports in SQL answer as the full scan did", (h) => {
  const viewers: Array<{ name: string; v: Viewer; f: { owner?: number; team?: number; customer?: number } }> = [];
  let edge = { customer: 0, contracts: [] as number[] };

  beforeAll(async () => {
    const db = h().db;
    await generateDemo(db, { scale: "tiny", seed: 3, now: NOW, tz: TZ });
    const users = await db.selectFrom("users").select(["id", "role", "team_id"]).orderBy("id").execute();
    const viewer = async (role: string) => (await loadViewer(db, users.find((u) => u.role === role)!.id)) as Viewer;
    const admin = await viewer("admin"),
      manager = await viewer("manager"),
      rep = await viewer("rep");
    const cust = await db.selectFrom("customers").select("id").where("owner_id", "=", rep.id).orderBy("id").executeTakeFirstOrThrow();
    edge.customer = cust.id;
    // hand-made contracts on one of the rep's customers (ids after the demo's)
    const k = (number: string, signed: number, amount: number) =>
      db
        .insertInto("contracts")
        .values({ customer_id: cust.id, opportunity_id: null, number, signed_at: signed, amount_fen: amount, created_by: admin.id, created_at: signed })
        .returning("id")
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.id));
    const sched = (contract: number, rows: Array<[string, number]>) =>
      db
        .insertInto("payment_schedule")
        .values(rows.map(([due, amt], i) => ({ contract_id: contract, seq: i + 1, due_date: due, amount_fen: amt })))
        .execute();
    const pay = (contract: number, rows: Array<[number, number]>) =>
      db
        .insertInto("payments")
        .values(rows.map(([at, amt]) => ({ contract_id: contract, received_at: at, amount_fen: amt, note: null, created_by: admin.id })))
        .execute();
    // 1: no schedule, paid in two payments in the same millisecond on the signing day → qualified
    const a = await k("EDGE-A", d("2026-03-02") + 10 * H, 1_000);
    await pay(a, [
      [d("2026-03-02") + 11 * H, 400],
      [d("2026-03-02") + 11 * H, 600],
    ]);
    // 2: first instalment paid 23:59 local on its due date (on time), the second 00:01 the day after (late), a refund between
    const b = await k("EDGE-B", d("2026-01-05"), 3_000);
    await sched(b, [
      ["2026-02-01", 1_000],
      ["2026-03-31", 2_000],
    ]);
    await pay(b, [
      [d("2026-02-02") - 60_000, 1_000],
      [d("2026-03-01"), -300],
      [d("2026-03-31") + 12 * H, 1_500],
      [d("2026-04-01") + 60_000, 800],
    ]);
    // 3: overpaid across the Q2 start edge, then refunded inside Q2; one instalment unpaid 100 days past due
    const c = await k("EDGE-C", d("2026-01-10"), 5_000);
    await sched(c, [
      ["2026-01-20", 2_000],
      ["2026-03-07", 3_000],
    ]);
    await pay(c, [
      [d("2026-04-01") - 1, 1_500],
      [d("2026-04-01"), 700],
      [d("2026-05-01"), -900],
      [d("2026-06-10"), 100],
    ]);
    // 4: nothing paid, not yet due; 5: overpaid in Q2 (only the contract amount counts)
    const e = await k("EDGE-D", d("2026-06-01"), 2_000);
    await sched(e, [["2026-07-15", 2_000]]);
    const f = await k("EDGE-E", d("2026-04-03"), 900);
    await pay(f, [
      [d("2026-04-10"), 500],
      [d("2026-04-11"), 700],
    ]);
    edge.contracts = [a, b, c, e, f];
    // the rows above bypass the write paths: the cash read model is rebuilt from them (contract-cash.test.ts checks the write paths)
    await rebuild(db, "cash", { tz: TZ, now: NOW });
    viewers.push(
      { name: "admin", v: admin, f: {} },
      { name: "admin owner filter", v: admin, f: { owner: rep.id } },
      { name: "admin team filter", v: admin, f: { team: manager.teamId ?? undefined } },
      { name: "admin one customer", v: admin, f: { customer: cust.id } },
      { name: "manager", v: manager, f: {} },
      { name: "rep", v: rep, f: {} },
    );
  }, 180_000);

  test("the demo has contracts and payments to compare on", async () => {
    const n = await h()
      .db.selectFrom("payments")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(10);
  });

  test("receivables by customer and by owner equal the oracle for every viewer and filter", async () => {
    const db = h().db;
    for (const { name, v, f } of viewers)
      for (const by of ["customer", "owner"] as const)
        for (const now of [NOW, d("2026-04-01") + H, d("2026-02-02")]) {
          const got = normal({ ...(await receivablesReport(db, v, { ...f, by }, now, TZ)), nextAfter: undefined });
          const want = normal(await receivablesOracle(db, v, { ...f, by }, now, TZ));
          expect(got, `${name} by ${by} at ${now}`).toEqual(want);
        }
  });

  test("receivables page by page (keyset after the last line's outstanding and key) make up the oracle's lines; the total line is whole on every page", async () => {
    const db = h().db;
    for (const { name, v, f } of viewers)
      for (const by of ["customer", "owner"] as const)
        for (const now of [NOW, d("2026-02-02")]) {
          const want = normal(await receivablesOracle(db, v, { ...f, by }, now, TZ));
          const got: unknown[] = [];
          let pages = 0;
          for (let after: Cursor | undefined; ; pages++) {
            const r = await receivablesReport(db, v, { ...f, by }, now, TZ, { limit: 2, after });
            expect(normal(r.total), `${name} by ${by}`).toEqual(want.total);
            expect(r.lines.length).toBeLessThanOrEqual(2);
            got.push(...normal(r.lines));
            if (r.nextAfter == null) break;
            after = r.nextAfter;
          }
          expect(got, `${name} by ${by} at ${now}`).toEqual(want.lines);
          expect(pages).toBe(Math.max(0, Math.ceil(want.lines.length / 2) - 1));
        }
  });

  test("allReceivables walks every page: the same lines as one unpaged answer", async () => {
    const db = h().db;
    const v = viewers[0].v;
    const whole = await allReceivables(db, v, {}, NOW, TZ, 1);
    expect(normal(whole)).toEqual(normal(await receivablesOracle(db, v, {}, NOW, TZ)));
    expect(whole.lines.length).toBeGreaterThan(1);
  });

  test("signed customers equal the oracle for every viewer and filter, on several days", async () => {
    const db = h().db;
    for (const { name, v, f } of viewers)
      for (const now of [NOW, d("2026-03-31") + 20 * H, d("2026-04-01") + H]) {
        const got = normal(await signedCustomersReport(db, v, now, TZ, f));
        expect(got, `${name} at ${now}`).toEqual(normal(await signedCustomersOracle(db, v, now, TZ, f)));
      }
  });

  test("signed customers page by page (each count's customers, keyset after the first contract) make up the oracle's list", async () => {
    const db = h().db;
    const covers = { contracted: ["contracted", "signed", "qualified"], signed: ["signed", "qualified"], qualified: ["qualified"] } as const;
    for (const { name, v, f } of viewers)
      for (const sign of ["contracted", "signed", "qualified"] as const) {
        const want = normal(await signedCustomersOracle(db, v, NOW, TZ, f));
        const got: unknown[] = [];
        let pages = 0;
        for (let after: number | undefined; ; pages++) {
          const r = normal(await signedCustomersReport(db, v, NOW, TZ, f, { limit: 3, after, sign }));
          expect([r.contracted, r.signed, r.qualified], name).toEqual([want.contracted, want.signed, want.qualified]);
          expect(r.customers.length).toBeLessThanOrEqual(3);
          got.push(...r.customers);
          if (r.nextAfter == null) break;
          after = r.nextAfter;
        }
        const mine = want.customers.filter((c: { status: string }) => (covers[sign] as readonly string[]).includes(c.status));
        expect(got, `${name} ${sign}`).toEqual(mine);
        expect(pages).toBe(Math.max(0, Math.ceil(mine.length / 3) - 1));
      }
  });

  test("commission equals the oracle for every viewer, filter and period", async () => {
    const db = h().db;
    for (const { name, v, f } of viewers)
      for (const period of ["2026-Q2", "2026-Q1", "2026-04", "2026", "2025-Q4"]) {
        const got = normal(await commissionReport(db, v, period, 300, TZ, f));
        expect(got, `${name} ${period}`).toEqual(normal(await commissionOracle(db, v, period, 300, TZ, f)));
      }
  });

  test("worked example on the hand-made contracts, figures computed by hand", async () => {
    const db = h().db;
    const admin = viewers[0].v;
    // Q2 2026: E (900) is paid 500 then 700; only its amount counts, 900 × 3 % = 27 fen
    const onlyEdge = { id: edge.contracts[4] };
    const e = await commissionReport(db, admin, "2026-Q2", 300, TZ, onlyEdge);
    expect(e.lines.map((l) => [l.collectedFen, l.contracts, l.commissionFen])).toEqual([[900, 1, 27]]);
    // C stands at 1,500 before Q2; in Q2 +700, −900 (a refund lowers the base), +100
    const c = await commissionReport(db, admin, "2026-Q2", 0, TZ, { id: edge.contracts[2] });
    expect(c.totalCollectedFen).toBe(700 - 900 + 100);
    // B at 2026-06-15: first instalment paid 23:59 on its due day (on time), the second completed 00:01 after its due day (late):
    // paid 1,000 + 1,500 + 800 = 3,300 ≥ 3,000 (the refund does not un-pay), so signed but not qualified.
    const b = await signedCustomersReport(db, admin, NOW, TZ, { id: edge.contracts[1] });
    expect(b.customers.map((x) => [x.status, x.collectedFen, x.outstandingFen])).toEqual([["signed", 3_000, 0]]);
    const a = await signedCustomersReport(db, admin, NOW, TZ, { id: edge.contracts[0] });
    expect(a.customers.map((x) => x.status)).toEqual(["qualified"]);
    // C owes 3,000 − (1,500 + 700 + 100 − 2,000) = 2,700 on an instalment due 2026-03-07: 100 days late on 2026-06-15 → 90+
    const r = await receivablesReport(db, admin, { id: edge.contracts[2] }, NOW, TZ);
    expect(r.total.buckets).toEqual({ not_due: 0, d0_30: 0, d31_60: 0, d61_90: 0, d90_plus: 2_700 });
    const dd = await receivablesReport(db, admin, { id: edge.contracts[3] }, NOW, TZ);
    expect(dd.total.buckets.not_due).toBe(2_000);
    expect(NOW - d("2026-03-07")).toBeGreaterThan(90 * DAY_MS);
  });
});
