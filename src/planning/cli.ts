/** CLI twins of planning: `jindou report balance|targets|scenario`. */
import { percentCell } from "../core/report-cells";
import type { ReportCommand } from "../cli/report-registry";
import { moneyCell } from "../core/money";
import { CommonFilters } from "../access/filters";
import { FILTER_OPTIONS } from "../funnel/cli";
import { round1 } from "./balance";
import { attainmentFor, balanceFor, type PlanCtx } from "./reports";
import { scenarioView } from "./store";

const planCtx = (c: Parameters<ReportCommand["run"]>[0]): PlanCtx => ({
  db: c.db,
  viewer: c.viewer,
  now: c.now,
  tz: c.config.TZ_ORG,
  filters: CommonFilters.parse({ owner: c.opts.owner, team: c.opts.team, pipeline: c.opts.pipeline, source: c.opts.source, tier: c.opts.tier }),
});
const r1 = (x: number | null | undefined) => (x == null ? null : round1(x));

export const balanceReportCommand: ReportCommand = {
  name: "balance",
  description: "Funnel balance: contracts and target customers needed, per stage and rep (E1)",
  options: [
    ...FILTER_OPTIONS,
    ["--target <x>", "annual target: 300万 or 200 (units)"],
    ["--average-contract <x>", "3万 or 2"],
    ["--unit <u>", "amount | units", "amount"],
    ["--probability <p>", "first-stage | measured | 0.1 | 10%", "first-stage"],
    ["--period <key>", "cohort measured for stage conversions"],
  ],
  async run(c) {
    if (!c.opts.target || !c.opts.averageContract) throw new Error("--target and --average-contract are required");
    const r = await balanceFor(planCtx(c), {
      target: c.opts.target,
      averageContract: c.opts.averageContract,
      unit: c.opts.unit === "units" ? "units" : "amount",
      probability: c.opts.probability ?? "first-stage",
      period: c.opts.period,
    });
    const rows = [
      { step: "所需合同总数 contracts", perYear: r1(r.contracts), perMonth: r1(r.contracts / 12), perRep: null, open: null, gap: null },
      {
        step: `目标客户数量 target customers (p = ${(r.input.probability * 100).toFixed(1)}%)`,
        perYear: r1(r.customersPerYear),
        perMonth: r1(r.perMonth),
        perRep: null,
        open: null,
        gap: null,
      },
      ...r.stages.map((s) => ({
        step: s.nameZh,
        perYear: r1(s.perMonth == null ? null : s.perMonth * 12),
        perMonth: r1(s.perMonth),
        perRep: r1(s.perRepPerMonth),
        open: s.open,
        gap: r1(s.gap),
      })),
    ];
    return { title: `${r.input.target} ÷ ${r.input.averageContract}: ${r1(r.contracts)} contracts, ${r1(r.perMonth)} target customers a month`, rows, json: r };
  },
};

export const targetsReportCommand: ReportCommand = {
  name: "targets",
  description: "Targets of a period with won to date, attainment and pace (E2)",
  options: [["--period <key>", "2026, 2026-Q4 or 2026-11"]],
  async run(c) {
    if (!c.opts.period) throw new Error("--period is required");
    const r = await attainmentFor(planCtx(c), { period: c.opts.period });
    const rows = r.items.map((t) => ({
      period: t.period,
      scope: t.scope,
      id: t.scopeId,
      target: t.amount_fen == null ? null : moneyCell(t.amount_fen),
      won: moneyCell(t.won_fen),
      attained: percentCell(t.amountAttainment.ratio),
      pace: percentCell(t.amountAttainment.pace),
      "target units": t.units,
      "won units": t.won_units,
      "units attained": percentCell(t.unitsAttainment.ratio),
    }));
    return { title: `targets ${r.period}`, rows, json: r };
  },
};

export const scenarioReportCommand: ReportCommand = {
  name: "scenario",
  description: "A target-group funnel scenario as its table: 比例, 数量, 剩余, 销售额 (E3)",
  options: [["--name <name>", "scenario name (default: all)"]],
  async run(c) {
    let q = c.db.selectFrom("funnel_scenarios").selectAll().orderBy("name");
    if (c.opts.name) q = q.where("name", "=", c.opts.name);
    const items = (await q.execute()).map(scenarioView);
    const rows = items.flatMap((s) => [
      { scenario: s.name, step: "人口 population", ratio: null, count: s.population, remaining: null, revenue: null },
      ...s.table.rows.map((r) => ({
        scenario: s.name,
        step: r.label,
        ratio: percentCell(r.ratio),
        count: round1(r.count),
        remaining: round1(r.remaining),
        revenue: moneyCell(r.revenueFen),
      })),
    ]);
    return { rows, json: items };
  },
};

export const planningReportCommands = [balanceReportCommand, targetsReportCommand, scenarioReportCommand];
