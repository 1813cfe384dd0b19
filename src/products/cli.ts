/** `jindou report products`: revenue, units, win rate and average price by product (or by category) for deals closed in a range. */
import { CommonFilters } from "../access/filters";
import type { ReportCommand } from "../cli/report-registry";
import { moneyCell } from "../core/money";
import { percentCell } from "../core/report-cells";
import { FILTER_OPTIONS } from "../funnel/cli";
import { productsReport } from "./reports";

export const productsReportCommand: ReportCommand = {
  name: "products",
  description: "Revenue, units, win rate and average price by product or category (deals closed in the range)",
  options: [
    ...FILTER_OPTIONS,
    ["--period <key>", "2026, 2026-Q4, 2026-11 or 2026-W47"],
    ["--from <date>", "YYYY-MM-DD"],
    ["--to <date>", "YYYY-MM-DD (inclusive)"],
    ["--category <name>", "one product category"],
    ["--by <cut>", "product | category", "product"],
  ],
  async run(c) {
    const filters = CommonFilters.parse({
      owner: c.opts.owner,
      team: c.opts.team,
      pipeline: c.opts.pipeline,
      source: c.opts.source,
      tier: c.opts.tier,
      product: c.opts.product,
    });
    const r = await productsReport(
      c.db,
      c.viewer,
      { ...filters, period: c.opts.period, from: c.opts.from, to: c.opts.to, category: c.opts.category },
      c.now,
      c.config.TZ_ORG,
    );
    const common = (x: (typeof r.categories)[number]) => ({
      revenue: moneyCell(x.revenueFen),
      units: x.units,
      won: x.won,
      lost: x.lost,
      winRate: percentCell(x.winRate), // a ratio in CSV and JSON, "60.0%" in the table
      avgPrice: x.avgPriceFen == null ? null : moneyCell(x.avgPriceFen),
    });
    const rows =
      c.opts.by === "category"
        ? r.categories.map((x) => ({ category: x.category ?? "—", ...common(x) }))
        : r.products.map((x) => ({ code: x.code, name: x.name, category: x.category ?? "—", ...common(x) }));
    return { title: `Products ${r.range.from} … ${r.range.to}: revenue ${moneyCell(r.totals.revenueFen)}, ${r.totals.units} units`, rows, json: r };
  },
};
