/** The products report: revenue, units, win rate and average net price by product and by category, for opportunities closed in a range. */
import type { CommonFilters } from "../access/filters";
import type { Viewer } from "../access/viewer";
import { localDate } from "../core/dates";
import type { DbOrTx } from "../db/tx";
import { type RangeQuery, resolveRange } from "../funnel/range";
import { categoryRows, productRows } from "./report";
import { categoryCells, productCells } from "./report-store";

export interface ProductReportQuery extends CommonFilters, RangeQuery {
  category?: string;
}

export async function productsReport(db: DbOrTx, viewer: Viewer, q: ProductReportQuery, now: number, tz: string) {
  const range = resolveRange(q, tz, now, "quarter");
  const f = { ...q, from: range.start, to: range.end };
  const [cells, cats] = await Promise.all([productCells(db, viewer, f), categoryCells(db, viewer, f)]);
  const products = productRows(cells);
  const categories = categoryRows(products, cats);
  const revenueFen = products.reduce((s, p) => s + p.revenueFen, 0);
  const units = products.reduce((s, p) => s + p.units, 0);
  return {
    range: { key: range.key, from: localDate(range.start, tz), to: localDate(range.end - 1, tz) },
    totals: { revenueFen, units, avgPriceFen: units ? Math.round(revenueFen / units) : null },
    products,
    categories,
  };
}
