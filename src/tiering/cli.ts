/** CLI twins of the tiering reports (`jindou report pareto|pyramid|grades|rfm|kaism|key-accounts|priority`) and `jindou retier`. */
import { numberCell, percentCell } from "../core/report-cells";
import type { Command } from "commander";
import { openForCli } from "../cli/context";
import type { ReportCommand, ReportContext } from "../cli/report-registry";
import { retier } from "./retier";
import { ReportQuery } from "./routes";
import * as reports from "./reports";
import { resolveWindow } from "./window";

export const REPORT_OPTIONS: Array<[string, string, string?]> = [
  ["--as-of <date>", "YYYY-MM-DD, default today"],
  ["--months <n>", "window length in months"],
  ["--from <date>", "window start YYYY-MM-DD"],
  ["--to <date>", "window end YYYY-MM-DD"],
  ["--limit <n>", "customers listed", "50"],
  ["--owner <id>", "owner user id"],
  ["--team <id>", "team id"],
  ["--tier <scheme:tier>", "e.g. abc:A"],
];

/** Parses the CLI options with the same schema as the HTTP query string. */
export async function cliInput(ctx: ReportContext): Promise<reports.ReportInput> {
  const o = ctx.opts;
  const q = ReportQuery.parse({ asOf: o.asOf, months: o.months, from: o.from, to: o.to, limit: o.limit ?? "50", owner: o.owner, team: o.team, tier: o.tier });
  const settings = await reports.loadSettings(ctx.db);
  const { asOf, from, to, months, limit, ...filters } = q;
  return {
    db: ctx.db,
    scope: { viewer: ctx.viewer, filters },
    settings,
    w: resolveWindow({ asOf, from, to, months }, ctx.now, ctx.config.TZ_ORG, settings.windowMonths),
    limit,
  };
}

const yuan = (fen: number) => Math.round(fen) / 100;
const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);

const cmd = (
  name: string,
  description: string,
  run: (i: reports.ReportInput) => Promise<{ rows: Array<Record<string, unknown>>; title: string; json: unknown }>,
): ReportCommand => ({ name, description, options: REPORT_OPTIONS, run: async (ctx) => run(await cliInput(ctx)) });

export const tieringReportCommands: ReportCommand[] = [
  cmd("pareto", "Pareto (二八) and ABC classes by revenue, with the profit view in JSON", async (i) => {
    const r = await reports.paretoReport(i);
    return {
      json: r,
      title: `${r.window.from} … ${r.window.to}: top ${pct(r.revenue.topFraction)} of ${r.revenue.customers} customers bring ${pct(r.revenue.topShare)} of revenue, ${pct(r.profit.topShare)} of profit`,
      rows: r.revenue.points.map((p) => ({
        rank: p.rank,
        customer: p.name,
        revenue_yuan: yuan(p.value),
        cumulative: percentCell(p.cumulativeShare),
        abc: p.abc,
      })),
    };
  }),
  cmd("pyramid", "Customer pyramid (客户金字塔) by profit rank", async (i) => {
    const r = await reports.pyramidReport(i);
    return {
      json: r,
      title: `${r.window.from} … ${r.window.to}: ${r.customers} customers`,
      rows: r.levels.map((l) => ({
        tier: `${l.nameZh} ${l.nameEn}`,
        share: percentCell(l.share),
        customers: l.customers,
        revenue_yuan: yuan(l.revenue),
        profit_yuan: yuan(l.profit),
        profit_share: percentCell(l.profitShare),
      })),
    };
  }),
  cmd("grades", "Grades A–D from weighted indicators (客户分级指标)", async (i) => {
    const r = await reports.gradesReport(i);
    return {
      json: r,
      title: `${r.window.from} … ${r.window.to}`,
      rows: r.summary.map((s) => ({
        grade: s.grade,
        from_score: s.min,
        customers: s.customers,
        order_amount_yuan: yuan(s.orderAmount),
        profit_yuan: yuan(s.profit),
      })),
    };
  }),
  cmd("rfm", "RFM scores and segments (RFM 量化模型)", async (i) => {
    const r = await reports.rfmReport(i);
    return {
      json: r,
      title: `${r.window.from} … ${r.window.to}: ${r.customers} buyers`,
      rows: r.segments.map((s) => ({
        segment: `${s.nameZh} ${s.nameEn}`,
        customers: s.customers,
        revenue_yuan: yuan(s.monetary),
        share: percentCell(s.share),
      })),
    };
  }),
  cmd("kaism", "Key-account identification and selection matrix (KAISM)", async (i) => {
    const r = await reports.kaismReport(i);
    return {
      json: r,
      title: `${r.window.from} … ${r.window.to}: ${r.unplaced} customers without enough data`,
      rows: r.quadrants.map((q) => ({ quadrant: `${q.nameZh} ${q.nameEn}`, customers: q.customers, strategy: q.strategyZh })),
    };
  }),
  cmd("key-accounts", "Profit contribution against funnel stage (客户漏斗)", async (i) => {
    const r = await reports.keyAccountsReport(i);
    return {
      json: r,
      title: `${r.window.from} … ${r.window.to}: margin ${pct(r.margin.margin)} (${r.margin.source})`,
      rows: r.cells.map((c) => ({ band: c.band, stage: c.stage, customers: c.customers, profit_yuan: yuan(c.profit) })),
    };
  }),
  cmd("priority", "Priority high / medium / low from size, need and intent", async (i) => {
    const { all: _all, ...r } = await reports.priorityReport(i);
    return {
      json: r,
      title: `high ${r.counts.high}, medium ${r.counts.medium}, low ${r.counts.low}`,
      rows: r.customers.map((c) => ({
        customer: c.name,
        priority: c.priority,
        score: numberCell(c.score, 1),
        size: numberCell(c.size, 0),
        need: numberCell(c.need, 0),
        intent: c.intent,
      })),
    };
  }),
];

/** `jindou retier`: re-evaluates every customer's tiers and priority now, as the nightly job does. */
export function retierCommand(program: Command): void {
  program
    .command("retier")
    .description("re-evaluate every customer's tiers and priority now (the nightly job, on demand)")
    .option("--database <url>")
    .action(async (o: { database?: string }) => {
      const { handle, config } = await openForCli(o.database);
      try {
        const changed = await retier(handle.db, Date.now(), config.TZ_ORG);
        console.log(
          `tiers re-evaluated: ${Object.entries(changed)
            .map(([k, v]) => `${k} ${v} changed`)
            .join(", ")}`,
        );
      } finally {
        await handle.close();
      }
    });
}
