/** CLI twins of the cash reports: `jindou report receivables|commission|signed-customers`. */
import type { ReportCommand } from "../cli/report-registry";
import { moneyCell } from "../core/money";
import { AGE_BUCKETS } from "./ageing";
import { allReceivables, commissionReport, signedCustomersReport } from "./reports";

export const receivablesReportCommand: ReportCommand = {
  name: "receivables",
  description: "Receivables ageing: not due, 0–30, 31–60, 61–90, 90+ days past due",
  options: [["--by <dim>", "customer | owner", "customer"]],
  async run({ db, viewer, opts, now, config }) {
    const r = await allReceivables(db, viewer, { by: opts.by === "owner" ? "owner" : "customer" }, now, config.TZ_ORG);
    const row = (l: { key: number | string; name?: string | null; buckets: Record<string, number>; totalFen: number }) => ({
      key: l.key,
      name: l.name ?? "",
      ...Object.fromEntries(AGE_BUCKETS.map((b) => [b, moneyCell(l.buckets[b])])),
      total: moneyCell(l.totalFen),
    });
    return { title: `Receivables as of ${r.asOf}`, rows: [...r.lines.map(row), row(r.total)], json: r };
  },
};

export const commissionReportCommand: ReportCommand = {
  name: "commission",
  description: "Commission base: money collected in the period per rep (never more than the contract)",
  options: [
    ["--period <key>", "2026-Q2, 2026-06 …"],
    ["--rate-bp <bp>", "commission rate in basis points", "0"],
  ],
  async run({ db, viewer, opts, config }) {
    if (!opts.period) throw new Error("--period is required");
    const r = await commissionReport(db, viewer, opts.period, Number(opts.rateBp ?? 0), config.TZ_ORG);
    return {
      title: `Commission base ${r.period}`,
      rows: r.lines.map((l) => ({
        owner: l.ownerName ?? l.ownerId,
        contracts: l.contracts,
        collected: moneyCell(l.collectedFen),
        commission: moneyCell(l.commissionFen),
      })),
      json: r,
    };
  },
};

export const signedCustomersReportCommand: ReportCommand = {
  name: "signed-customers",
  description: "Signed (签约) and qualified signed (合格签约) customers",
  async run({ db, viewer, now, config }) {
    const r = await signedCustomersReport(db, viewer, now, config.TZ_ORG);
    return {
      title: `As of ${r.asOf}: ${r.contracted} contracted, ${r.signed} signed, ${r.qualified} qualified signed`,
      rows: r.customers.map((c) => ({
        id: c.customerId,
        name: c.name,
        status: c.status,
        contracts: c.contracts,
        collected: moneyCell(c.collectedFen),
        outstanding: moneyCell(c.outstandingFen),
      })),
      json: r,
    };
  },
};
