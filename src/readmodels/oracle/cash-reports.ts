/**
 * The cash reports as they were before issue 10, kept as the tests' full-scan oracle: every visible contract with its
 * schedule and payments loaded into JavaScript and allocated there (collections.ts). src/cash/reports.ts answers the same from SQL.
 */
import { parsePeriod } from "../../core/dates";
import { invalid } from "../../core/errors";
import type { Db } from "../../db/connect";
import type { Viewer } from "../../access/viewer";
import { ageing } from "../../cash/ageing";
import { allocate, contractStatus, customerSignStatus, effectiveSchedule, type CustomerSignStatus } from "../../cash/collections";
import { commissionBase } from "../../cash/commission";
import { loadContracts, todayIn, type ContractFilter } from "../../cash/store";

export async function receivablesOracle(db: Db, viewer: Viewer, f: ContractFilter & { by?: "customer" | "owner" }, now: number, tz: string) {
  const today = todayIn(now, tz);
  const contracts = await loadContracts(db, viewer, { ...f, signedBefore: now + 1 });
  const names = new Map(contracts.map((c) => [c.customerId, c.customerName]));
  const items = contracts.map((c) => ({
    key: f.by === "owner" ? c.ownerId : c.customerId,
    instalments: allocate(effectiveSchedule(c.schedule, c.amountFen, c.signedAt, tz), c.payments, tz, today, now + 1),
  }));
  const r = ageing(items, today);
  return {
    asOf: today,
    by: f.by ?? "customer",
    // the report's order: largest outstanding first, ties by key descending (a line without an owner keys 0)
    lines: r.lines
      .map((l) => ({ ...l, key: l.key ?? 0, name: f.by === "owner" ? null : (names.get(l.key as number) ?? null) }))
      .sort((a, b) => b.totalFen - a.totalFen || Number(b.key) - Number(a.key)),
    total: r.total,
  };
}

export async function commissionOracle(db: Db, viewer: Viewer, periodKey: string, rateBp: number, tz: string, f: ContractFilter = {}) {
  const p = parsePeriod(periodKey, tz);
  if (!p) throw invalid("period", "use 2026, 2026-Q2, 2026-06 or 2026-W24");
  const contracts = await loadContracts(db, viewer, f);
  const lines = commissionBase(
    contracts,
    contracts.flatMap((c) => c.payments.map((x) => ({ contractId: c.id, ...x }))),
    p.start,
    p.end,
    rateBp,
  );
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

/** How many customers are contracted, signed (签约客户) and qualified signed (合格签约客户). */
export async function signedCustomersOracle(db: Db, viewer: Viewer, now: number, tz: string, f: ContractFilter = {}) {
  const today = todayIn(now, tz);
  const byCustomer = new Map<number, { name: string; statuses: ReturnType<typeof contractStatus>[] }>();
  for (const c of await loadContracts(db, viewer, f)) {
    const e = byCustomer.get(c.customerId) ?? { name: c.customerName, statuses: [] };
    e.statuses.push(contractStatus({ amountFen: c.amountFen, signedAt: c.signedAt }, c.schedule, c.payments, tz, today));
    byCustomer.set(c.customerId, e);
  }
  const counts: Record<CustomerSignStatus, number> = { none: 0, contracted: 0, signed: 0, qualified: 0 };
  const customers = [...byCustomer.entries()].map(([id, e]) => {
    const status = customerSignStatus(e.statuses);
    counts[status]++;
    return {
      customerId: id,
      name: e.name,
      status,
      contracts: e.statuses.length,
      collectedFen: e.statuses.reduce((s, x) => s + x.collectedFen, 0),
      outstandingFen: e.statuses.reduce((s, x) => s + x.outstandingFen, 0),
    };
  });
  // signed counts include the qualified ones: every qualified signed customer is also a signed customer
  return {
    asOf: today,
    contracted: counts.contracted + counts.signed + counts.qualified,
    signed: counts.signed + counts.qualified,
    qualified: counts.qualified,
    customers,
    nextAfter: null,
  };
}
