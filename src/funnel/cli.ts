/** CLI twins of the funnel reports: `jindou report funnel|conversion|cycle-time|stalled|velocity|sources|funnel-health`. */
import { percentCell, pointsCell } from "../core/report-cells";
import type { ReportCommand, ReportContext } from "../cli/report-registry";
import { moneyCell } from "../core/money";
import { CommonFilters } from "../access/filters";
import { conversionFor, type Ctx, cycleFor, healthFor, snapshotFor, sourcesFor, stalledFor, velocityFor } from "./reports";

type Opt = [string, string, string?];
export const FILTER_OPTIONS: Opt[] = [
  ["--pipeline <id>", "pipeline id (default: the first deal pipeline)"],
  ["--owner <id>", "owner user id"],
  ["--team <id>", "team id"],
  ["--source <key>", "cold_visit | follow_up | penetration | cultivation | inbound"],
  ["--tier <scheme:tier>", "customer tier, e.g. abc:A"],
  ["--product <id>", "catalogue product id: deals with a line of it"],
];
const RANGE: Opt[] = [
  ["--period <key>", "2026, 2026-Q4, 2026-11 or 2026-W47"],
  ["--from <date>", "YYYY-MM-DD"],
  ["--to <date>", "YYYY-MM-DD (inclusive)"],
];

export function ctxOf(c: ReportContext): Ctx {
  const filters = CommonFilters.parse({
    owner: c.opts.owner,
    team: c.opts.team,
    pipeline: c.opts.pipeline,
    source: c.opts.source,
    tier: c.opts.tier,
    product: c.opts.product,
  });
  return { db: c.db, scope: { viewer: c.viewer, filters }, now: c.now, tz: c.config.TZ_ORG };
}
const range = (c: ReportContext) => ({ period: c.opts.period, from: c.opts.from, to: c.opts.to });
const pct = (x: number | null | undefined) => (x == null ? null : `${(x * 100).toFixed(1)}%`);
const days = (x: number | null | undefined) => (x == null ? null : Math.round(x * 10) / 10);
const num = (s: string | undefined) => (s == null ? undefined : Number(s));

export const funnelReportCommand: ReportCommand = {
  name: "funnel",
  description: "Snapshot funnel: open opportunities, amount and weighted amount per stage (D1)",
  options: [...FILTER_OPTIONS, ["--as-of <date>", "YYYY-MM-DD (default: now)"], ["--drill <key>", "stage:<id>"]],
  async run(c) {
    const r = await snapshotFor(ctxOf(c), { asOf: c.opts.asOf, drill: c.opts.drill });
    const rows = r.stages.map((s) => ({
      stage: s.nameZh,
      probability: percentCell(s.probability / 100, 0),
      count: s.count,
      amount: moneyCell(s.amountFen),
      weighted: moneyCell(s.weightedFen),
    }));
    rows.push({ stage: "合计 total", probability: null, count: r.total.count, amount: moneyCell(r.total.amountFen), weighted: moneyCell(r.total.weightedFen) });
    return { title: `Pipeline ${r.pipeline.id} as of ${new Date(r.asOf).toISOString()}`, rows, json: r };
  },
};

export const conversionReportCommand: ReportCommand = {
  name: "conversion",
  description: "Conversion funnel of a period with loss per stage and the bottleneck (D2)",
  options: [...FILTER_OPTIONS, ...RANGE, ["--view <view>", "cohort | flow", "cohort"], ["--drill <key>", "stage:<id> or dropped:<id>"]],
  async run(c) {
    const r = await conversionFor(ctxOf(c), { ...range(c), view: c.opts.view === "flow" ? "flow" : "cohort", drill: c.opts.drill });
    const rows = r.stages.map((s, i) => {
      const st = r.steps[i];
      return {
        stage: s.nameZh,
        reached: s.reached,
        "→ next": percentCell(st?.rate),
        lost: st?.lost ?? null,
        "loss ratio": percentCell(st?.lossRatio),
        "vs previous": pointsCell(st?.rateChange),
        target: percentCell(st?.targetRate),
        bottleneck: r.bottleneck?.fromStageId === s.stageId ? "◀ 瓶颈" : "",
      };
    });
    return { title: `${r.view} ${r.period.key}: overall ${pct(r.overall) ?? "-"} (previous ${pct(r.previousOverall) ?? "-"})`, rows, json: r };
  },
};

export const cycleReportCommand: ReportCommand = {
  name: "cycle-time",
  description: "Mean and median days per stage and creation to won, per month (D3)",
  options: [...FILTER_OPTIONS, ...RANGE, ["--months <n>", "months back when no range is given", "12"]],
  async run(c) {
    const r = await cycleFor(ctxOf(c), { ...range(c), months: num(c.opts.months) });
    const rows = r.periods.map((p) => ({
      month: p.key,
      // mean and median in columns of their own, so CSV and JSON carry numbers
      ...Object.fromEntries(
        p.stages.flatMap((s, i) => [
          [`${r.stages[i].nameZh} mean d`, s.count ? days(s.meanDays) : null],
          [`${r.stages[i].nameZh} median d`, s.count ? s.medianDays : null],
        ]),
      ),
      "won mean d": p.won.count ? days(p.won.meanDays) : null,
      "won median d": p.won.count ? p.won.medianDays : null,
    }));
    return { title: "days in stage: mean / median", rows, json: r };
  },
};

export const stalledReportCommand: ReportCommand = {
  name: "stalled",
  description: "Open opportunities past their stage's stall threshold (D3)",
  options: [...FILTER_OPTIONS, ["--as-of <date>", "YYYY-MM-DD"], ["--limit <n>", "rows", "200"]],
  async run(c) {
    const r = await stalledFor(ctxOf(c), { asOf: c.opts.asOf, limit: num(c.opts.limit) });
    const name = new Map(r.stages.map((s) => [s.stageId, s.nameZh]));
    const rows = r.items.map((i) => ({
      id: i.id,
      title: i.title,
      stage: name.get(i.stageId),
      days: days(i.daysInStage),
      threshold: i.thresholdDays,
      amount: moneyCell(i.amountFen),
      owner: i.ownerId,
    }));
    return { title: `${r.total} stalled`, rows, json: r };
  },
};

export const velocityReportCommand: ReportCommand = {
  name: "velocity",
  description: "Pipeline velocity and the four levers as a what-if for next quarter (D4)",
  options: [
    ...FILTER_OPTIONS,
    ...RANGE,
    ["--win-rate <x>", "relative change, 0.1 = +10 %"],
    ["--opportunities <x>", "relative change"],
    ["--deal-size <x>", "relative change"],
    ["--cycle <x>", "relative change, −0.1 = 10 % shorter"],
  ],
  async run(c) {
    const r = await velocityFor(ctxOf(c), {
      ...range(c),
      winRate: num(c.opts.winRate),
      opportunities: num(c.opts.opportunities),
      dealSize: num(c.opts.dealSize),
      cycle: num(c.opts.cycle),
    });
    const rows = r.whatIf.map((l) => ({
      lever: l.lever,
      change: percentCell(l.change),
      open: Math.round(l.inputs.openCount),
      "win rate": percentCell(l.inputs.winRate),
      "avg won": l.inputs.avgWonFen == null ? null : moneyCell(l.inputs.avgWonFen),
      "cycle d": days(l.inputs.avgCycleDays),
      [`revenue ${r.nextQuarter.key}`]: l.revenueFen == null ? null : moneyCell(l.revenueFen),
      delta: l.deltaFen == null ? null : moneyCell(l.deltaFen),
    }));
    return {
      title: `velocity ${r.perDayFen == null ? "-" : moneyCell(r.perDayFen)}/day, ${r.perMonthFen == null ? "-" : moneyCell(r.perMonthFen)}/month`,
      rows,
      json: r,
    };
  },
};

export const sourcesReportCommand: ReportCommand = {
  name: "sources",
  description: "Volume, conversion, revenue and cycle per opportunity source (D5)",
  options: [...FILTER_OPTIONS, ...RANGE, ["--drill <key>", "source:<key>"]],
  async run(c) {
    const r = await sourcesFor(ctxOf(c), { ...range(c), drill: c.opts.drill });
    const rows = r.sources.map((s) => ({
      source: `${s.nameZh} ${s.source}`,
      created: s.created,
      won: s.won,
      lost: s.lost,
      open: s.open,
      conversion: percentCell(s.conversion),
      "win rate": percentCell(s.winRate),
      revenue: moneyCell(s.wonFen),
      share: percentCell(s.revenueShare),
      "cycle d": days(s.avgCycleDays),
    }));
    return { title: `sources ${r.period.key}`, rows, json: r };
  },
};

export const healthReportCommand: ReportCommand = {
  name: "funnel-health",
  description: "The four monitoring indicators (customers, quality, conversion, cycle) against the previous period (D6)",
  options: [...FILTER_OPTIONS, ...RANGE],
  async run(c) {
    const r = await healthFor(ctxOf(c), range(c));
    const line = (name: string, i: { value: number | null; previous: number | null; relativeChange: number | null }, f: (x: number | null) => unknown) => ({
      indicator: name,
      value: f(i.value),
      previous: f(i.previous),
      change: percentCell(i.relativeChange),
    });
    const rows = [
      line("客户数量 customers", r.customerCount, (x) => x),
      line("新客户 new customers", r.newCustomers, (x) => x),
      line("客户质量 quality", r.quality, percentCell),
      line("转化率 conversion", r.conversion, percentCell),
      line("销售周期 cycle days", r.cycleDays, days),
    ];
    return { title: `${r.period.key} vs ${r.previousPeriod.key}`, rows, json: r };
  },
};

export const funnelReportCommands = [
  funnelReportCommand,
  conversionReportCommand,
  cycleReportCommand,
  stalledReportCommand,
  velocityReportCommand,
  sourcesReportCommand,
  healthReportCommand,
];
