/** Opportunity line items as arithmetic: each line's net total, and the lines' totals and effective discount against the list prices. */
import { lineTotalFen, type QuoteTotals, quoteTotals } from "../cash/quote";

export interface LineDraft {
  productId: number;
  units: number;
  /** absent: the product's price on the default price list, else its list price */
  unitPriceFen?: number;
  discountBp?: number;
}
export interface PricedLine {
  productId: number;
  units: number;
  unitPriceFen: number;
  discountBp: number;
  listPriceFen: number;
  totalFen: number;
}

/** A line with its unit price settled (given, else the default price list's, else the list price) and its net total. */
export function priceLine(d: LineDraft, listPriceFen: number, priceListFen: number | undefined): PricedLine {
  const unitPriceFen = d.unitPriceFen ?? priceListFen ?? listPriceFen;
  const discountBp = d.discountBp ?? 0;
  return {
    productId: d.productId,
    units: d.units,
    unitPriceFen,
    discountBp,
    listPriceFen,
    totalFen: lineTotalFen({ units: d.units, unitPriceFen, discountBp }),
  };
}

/** The opportunity's amount is the sum of the line totals; the effective discount is 1 − net / list. */
export function linesTotals(lines: readonly PricedLine[]): QuoteTotals {
  return quoteTotals(lines, 0);
}
