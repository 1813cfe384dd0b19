/** CLI twins of the value reports: `jindou report retention|clv`. */
import { numberCell, percentCell } from "../core/report-cells";
import type { ReportCommand } from "../cli/report-registry";
import { cliInput, REPORT_OPTIONS } from "../tiering/cli";
import { parseHorizon } from "./horizon";
import { clvReport, customerLabels, retentionReport } from "./reports";

const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);

export const valueReportCommands: ReportCommand[] = [
  {
    name: "retention",
    description: "Retention, churn, growth and conversion per month; cohorts in JSON",
    options: REPORT_OPTIONS,
    async run(ctx) {
      const r = await retentionReport({ ...(await cliInput(ctx)), tz: ctx.config.TZ_ORG });
      return {
        json: r,
        title: `repurchase ${pct(r.repurchase.rate)}, NPS ${r.satisfaction.nps.score ?? "–"}, CSAT ${pct(r.satisfaction.csat.satisfiedShare)}, ${r.engagement.perCustomer?.toFixed(2) ?? "–"} activities per customer`,
        rows: r.periods.map((p) => ({
          month: p.key,
          active: p.active,
          new: p.new,
          retained: p.retained,
          retention: percentCell(p.retentionRate),
          churn: percentCell(p.churnRate),
          growth: percentCell(p.customerGrowth),
          conversion: percentCell(p.conversionRate),
        })),
      };
    },
  },
  {
    name: "clv",
    description: "Customer lifetime value: simple, and BG/NBD × Gamma-Gamma per customer",
    options: [...REPORT_OPTIONS, ["--horizon <span>", "how far ahead: 12m (months), 26w (weeks) or 90d (days); default from the settings"]],
    async run(ctx) {
      const input = await cliInput(ctx);
      if (ctx.opts.horizon) {
        const months = parseHorizon(String(ctx.opts.horizon));
        if (months === null) throw new Error(`--horizon "${ctx.opts.horizon}": use e.g. 12m, 26w or 90d`);
        input.settings = { ...input.settings, clv: { ...input.settings.clv, horizonMonths: months } };
      }
      const r = await clvReport({ ...input, tz: ctx.config.TZ_ORG });
      const p = r.predictive;
      if (!p) return { json: r, title: r.note, rows: [] };
      const b = p.bgnbd.params,
        g = p.gammaGamma.params;
      const names = await customerLabels(
        ctx.db,
        p.top.map((c) => c.customerId),
      );
      return {
        json: r,
        title: `BG/NBD r=${b.r.toFixed(4)} α=${b.alpha.toFixed(4)} a=${b.a.toFixed(4)} b=${b.b.toFixed(4)} (LL ${p.bgnbd.logLikelihood.toFixed(1)}); Gamma-Gamma p=${g.p.toFixed(3)} q=${g.q.toFixed(3)} γ=¥${(g.gamma / 100).toFixed(2)} (yuan); horizon ${p.horizonMonths.toFixed(2)} months`,
        rows: p.top.map((c) => ({
          customer: names.get(c.customerId) ?? String(c.customerId),
          repeat_days: c.x,
          p_alive: numberCell(c.pAlive, 3),
          expected_purchases: numberCell(c.expectedPurchases, 2),
          expected_spend_yuan: numberCell(c.expectedSpendFen / 100, 2),
          clv_yuan: numberCell(c.clvFen / 100, 2),
        })),
      };
    },
  },
];
