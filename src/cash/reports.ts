/**
 * Cash reports shared by the API and the CLI: receivables ageing, commission base, signed-customer counts. The
 * aggregates run in the database (reports-store.ts); src/readmodels/oracle/cash-reports.ts keeps the former load-everything form the tests
 * compare against.
 */
import { parsePeriod } from "../core/dates";
import { invalid } from "../core/errors";
import type { Db } from "../db/connect";
import type { Viewer } from "../access/viewer";
import { zoneOffsetMs } from "../value/store";
import type { AgeingLine } from "./ageing";
import type { CustomerSignStatus } from "./collections";
import { type ReceivableBy, type ReceivablePage, receivables } from "./receivables-store";
import { commissionRows, isoDay } from "./reports-store";
import { type SignedPage, signedCustomers } from "./signed-store";
import { todayIn, type ContractFilter } from "./store";

/**
 * Receivables ageing: the total line over every open instalment, and the lines per customer or owner a page at a
 * time (`page.limit` lines after `page.after`; all without a limit), largest outstanding first, ties by key
 * descending. `nextAfter` is the keyset position of the next page, null after the last.
 */
export async function receivablesReport(db: Db, viewer: Viewer, f: ContractFilter & { by?: ReceivableBy }, now: number, tz: string, page: ReceivablePage = {}) {
  const today = todayIn(now, tz);
  const by = f.by ?? "customer";
  const r = await receivables(db, viewer, { ...f, signedBefore: now + 1 }, by, zoneOffsetMs(tz, now), isoDay(today), now + 1, page);
  const total: AgeingLine = { key: "total", buckets: r.total.buckets, totalFen: r.total.totalFen };
  return {
    asOf: today,
    by,
    lines: r.lines.map((l) => ({ key: l.key, buckets: l.buckets, totalFen: l.totalFen, name: l.name })),
    total,
    nextAfter: r.nextAfter,
  };
}

/** Every line of the receivables, walking the pages (the CLI report and exports). */
export async function allReceivables(db: Db, viewer: Viewer, f: ContractFilter & { by?: ReceivableBy }, now: number, tz: string, limit = 5000) {
  const first = await receivablesReport(db, viewer, f, now, tz, { limit });
  const lines = [...first.lines];
  for (let after = first.nextAfter; after; ) {
    const p = await receivablesReport(db, viewer, f, now, tz, { limit, after });
    lines.push(...p.lines);
    after = p.nextAfter;
  }
  return { asOf: first.asOf, by: first.by, lines, total: first.total };
}

export async function commissionReport(db: Db, viewer: Viewer, periodKey: string, rateBp: number, tz: string, f: ContractFilter = {}) {
  const p = parsePeriod(periodKey, tz);
  if (!p) throw invalid("period", "use 2026, 2026-Q2, 2026-06 or 2026-W24");
  const rows = await commissionRows(db, viewer, f, p);
  const lines = rows.map((l) => ({ ...l, commissionFen: Math.round((l.collectedFen * rateBp) / 10_000) }));
  const owners = lines.length
    ? await db
        .selectFrom("users")
        .select(["id", "name"])
        .where(
          "id",
          "in",
          lines.map((l) => l.ownerId),
        )
        .execute()
    : [];
  const name = new Map(owners.map((o) => [o.id, o.name]));
  return {
    period: p.key,
    rateBp,
    lines: lines.map((l) => ({ ...l, ownerName: name.get(l.ownerId) ?? null })),
    totalCollectedFen: lines.reduce((s, l) => s + l.collectedFen, 0),
    totalCommissionFen: lines.reduce((s, l) => s + l.commissionFen, 0),
  };
}

/**
 * How many customers are contracted, signed (签约客户) and qualified signed (合格签约客户), and the customers behind
 * them in order of their first contract: all of them, or one page (`page.limit`, continuing after `page.after`, only
 * those `page.sign` covers). `nextAfter` is the position of the next page, null after the last.
 */
export async function signedCustomersReport(db: Db, viewer: Viewer, now: number, tz: string, f: ContractFilter = {}, page: SignedPage = {}) {
  const today = todayIn(now, tz);
  const day = isoDay(today);
  const { counts, customers: rows } = await signedCustomers(db, viewer, f, day, page.limit == null ? page : { ...page, limit: page.limit + 1 });
  const more = page.limit != null && rows.length > page.limit;
  if (more) rows.length = page.limit as number;
  // the rules of customerSignStatus (collections.ts) over the per-customer flags
  const customers = rows.map((r) => {
    const status: CustomerSignStatus = !r.signed ? "contracted" : r.qualified && !r.late ? "qualified" : "signed";
    return { customerId: r.customerId, name: r.name, status, contracts: r.contracts, collectedFen: r.collectedFen, outstandingFen: r.outstandingFen };
  });
  return { asOf: today, ...counts, customers, nextAfter: more ? rows[rows.length - 1].firstContractId : null };
}
