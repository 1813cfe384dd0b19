/**
 * Lifetime-value scores shared per order stamp (issue 10): the whole base's histories are read once and its scores
 * computed once per order stamp; a rep's scores are taken from the whole base's histories — and every answer equals
 * the previous computation (the scope's own full-scan histories, ./oracle, scored with the same fit), before and
 * after an order write, on both engines.
 */
import { beforeAll, expect, test } from "vitest";
import type { Viewer } from "../access/viewer";
import { dateStart } from "../core/dates";
import { forEachDatabase } from "../db/testing";
import { generateDemo } from "../demo/generate";
import { loadViewer } from "../http/auth";
import { ordersChanged } from "../readmodels/maintain";
import * as oValue from "../readmodels/oracle/value-store";
import { resolveWindow } from "../tiering/window";
import { computePool } from "../workers/pool";
import { fitClvModel, pickCustomers, type ScoreColumns, scoreClv, toColumns } from "./clv-model";
import { calibrationEnd, clvFit, clvScores, UNIT_DAYS, WHOLE_BASE } from "./clv-service";

const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-15T04:00:00Z");
const OPTIONS = { horizonMonths: 12, monthlyDiscount: 0.01, unitDays: UNIT_DAYS, margin: 0.4 };

const plain = (s: ScoreColumns) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === "number" ? v : Array.from(v as Float64Array)]));

test("pickCustomers takes the listed customers' rows in id order, skipping ids without a history", () => {
  const c = toColumns([3, 5, 8, 13].map((id) => ({ customer_id: id, first_day: id * 10, last_day: id * 11, days: id, total: id * 100, first_amount: id })));
  const p = pickCustomers(c, [1, 5, 6, 13, 20]);
  expect(Array.from(p.customerId)).toEqual([5, 13]);
  expect(Array.from(p.firstDay)).toEqual([50, 130]);
  expect(Array.from(p.lastDay)).toEqual([55, 143]);
  expect(Array.from(p.days)).toEqual([5, 13]);
  expect(Array.from(p.total)).toEqual([500, 1300]);
  expect(Array.from(p.firstAmount)).toEqual([5, 13]);
  expect(pickCustomers(c, []).customerId.length).toBe(0);
});

forEachDatabase("lifetime-value scores shared per order stamp", (h) => {
  let admin: Viewer, rep: Viewer, repCustomer: number;
  const w = resolveWindow({ asOf: "2026-06-15" }, NOW, TZ, 12);
  const { end, off, endDay } = calibrationEnd(w, TZ);

  beforeAll(async () => {
    const db = h().db;
    await generateDemo(db, { scale: "tiny", seed: 3, now: NOW, tz: TZ });
    const users = await db.selectFrom("users").select(["id", "role"]).orderBy("id").execute();
    admin = (await loadViewer(db, users.find((u) => u.role === "admin")!.id)) as Viewer;
    rep = (await loadViewer(db, users.find((u) => u.role === "rep")!.id)) as Viewer;
    repCustomer = Number((await db.selectFrom("customers").select("id").where("owner_id", "=", rep.id).orderBy("id").executeTakeFirstOrThrow()).id);
  }, 180_000);

  /** The previous computation: the scope's own histories by the full-scan query, scored with the fit. */
  const oracle = async (viewer: Viewer | null, fit: { bgnbd: { params: never }; gammaGamma: { params: never } }) => {
    const rows = await oValue.purchaseHistories(h().db, viewer ? { viewer, filters: {} } : WHOLE_BASE, end, off);
    return scoreClv(toColumns(rows), endDay, fit.bgnbd.params, fit.gammaGamma.params, OPTIONS);
  };

  test("the admin's and a rep's scores equal the full-scan oracle; the admin's are computed once per order stamp", async () => {
    const db = h().db;
    const fit = await clvFit(db, w, TZ);
    if (!fit.bgnbd) throw new Error(`no fit: ${fit.note}`);
    const all = await clvScores(db, { viewer: admin, filters: {} }, w, TZ, fit, OPTIONS);
    expect(all.customerId.length).toBeGreaterThan(20);
    expect(plain(all)).toEqual(plain(await oracle(null, fit as never)));
    // a change elsewhere (no order) keeps the scores: the same computation is served again
    expect(await clvScores(db, { viewer: admin, filters: {} }, w, TZ, fit, OPTIONS)).toBe(all);
    const mine = await clvScores(db, { viewer: rep, filters: {} }, w, TZ, fit, OPTIONS);
    expect(mine.customerId.length).toBeGreaterThan(0);
    expect(mine.customerId.length).toBeLessThan(all.customerId.length);
    expect(plain(mine)).toEqual(plain(await oracle(rep, fit as never)));
  });

  test("after an order write the fit is made from histories read in a compute worker, and equals the fit of the oracle's histories", async () => {
    const db = h().db;
    const at = dateStart("2026-05-20", TZ) + 7_200_000;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("orders").values({ customer_id: repCustomer, ordered_at: at, amount_fen: 123_456, cost_fen: 1, units: 1, created_at: at }).execute();
      await ordersChanged(tx, [repCustomer]);
    });
    const read = computePool().startedByTask.clvHistories ?? 0;
    const fit = await clvFit(db, w, TZ);
    // SQLite: the worker runs the SQL itself inside the fit task; PostgreSQL: a history read task on its own connection
    expect(computePool().startedByTask.clvHistories ?? 0).toBe(h().kind === "postgres" ? read + 1 : read);
    const rows = await oValue.purchaseHistories(db, WHOLE_BASE, end, off);
    expect(rows.length).toBeGreaterThan(20);
    expect(fit).toEqual(fitClvModel(toColumns(rows), endDay, UNIT_DAYS));
  });

  test("after an order write the admin's and the rep's scores are recomputed and still equal the oracle", async () => {
    const db = h().db;
    const fit0 = await clvFit(db, w, TZ);
    if (!fit0.bgnbd) throw new Error("no fit");
    const before = await clvScores(db, { viewer: admin, filters: {} }, w, TZ, fit0, OPTIONS);
    const at = dateStart("2026-06-01", TZ) + 3_600_000;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("orders").values({ customer_id: repCustomer, ordered_at: at, amount_fen: 987_654, cost_fen: 1, units: 1, created_at: at }).execute();
      await ordersChanged(tx, [repCustomer]);
    });
    const fit = await clvFit(db, w, TZ);
    if (!fit.bgnbd) throw new Error("no fit");
    expect(fit).not.toBe(fit0);
    const all = await clvScores(db, { viewer: admin, filters: {} }, w, TZ, fit, OPTIONS);
    expect(all).not.toBe(before);
    expect(plain(all)).toEqual(plain(await oracle(null, fit as never)));
    const mine = await clvScores(db, { viewer: rep, filters: {} }, w, TZ, fit, OPTIONS);
    expect(plain(mine)).toEqual(plain(await oracle(rep, fit as never)));
    expect(Array.from(mine.customerId)).toContain(repCustomer);
  });
});
