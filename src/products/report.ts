/** The products report as arithmetic: closed opportunities' lines folded into revenue, units, win rate and average net price per product and per category. */

/** One product's closed lines of one status in the window (from SQL). */
export interface ProductCell {
  productId: number;
  code: string;
  name: string;
  category: string | null;
  status: "won" | "lost";
  opportunities: number;
  revenueFen: number;
  units: number;
}
/** One category's count of distinct closed opportunities of one status (an opportunity with two of its products counts once). */
export interface CategoryCell {
  category: string | null;
  status: "won" | "lost";
  opportunities: number;
}

export interface ProductRow {
  productId: number;
  code: string;
  name: string;
  category: string | null;
  /** net line totals of won opportunities */
  revenueFen: number;
  units: number;
  won: number;
  lost: number;
  /** won / (won + lost) opportunities holding the product; null when none closed */
  winRate: number | null;
  /** revenue / units, rounded to the fen; null without units */
  avgPriceFen: number | null;
}
export type CategoryRow = Omit<ProductRow, "productId" | "code" | "name">;

const rate = (won: number, lost: number) => (won + lost === 0 ? null : won / (won + lost));
const avg = (revenue: number, units: number) => (units === 0 ? null : Math.round(revenue / units));

export function productRows(cells: readonly ProductCell[]): ProductRow[] {
  const by = new Map<number, ProductRow>();
  for (const c of cells) {
    const r = by.get(c.productId) ?? {
      productId: c.productId,
      code: c.code,
      name: c.name,
      category: c.category,
      revenueFen: 0,
      units: 0,
      won: 0,
      lost: 0,
      winRate: null,
      avgPriceFen: null,
    };
    if (c.status === "won") {
      r.won += c.opportunities;
      r.revenueFen += c.revenueFen;
      r.units += c.units;
    } else r.lost += c.opportunities;
    by.set(c.productId, r);
  }
  return [...by.values()]
    .map((r) => ({ ...r, winRate: rate(r.won, r.lost), avgPriceFen: avg(r.revenueFen, r.units) }))
    .sort((a, b) => b.revenueFen - a.revenueFen || a.code.localeCompare(b.code));
}

/** Categories: revenue and units summed over their products; won/lost counted per distinct opportunity. */
export function categoryRows(products: readonly ProductRow[], cells: readonly CategoryCell[]): CategoryRow[] {
  const by = new Map<string | null, CategoryRow>();
  const row = (category: string | null) => by.get(category) ?? { category, revenueFen: 0, units: 0, won: 0, lost: 0, winRate: null, avgPriceFen: null };
  for (const p of products) {
    const r = row(p.category);
    r.revenueFen += p.revenueFen;
    r.units += p.units;
    by.set(p.category, r);
  }
  for (const c of cells) {
    const r = row(c.category);
    if (c.status === "won") r.won += c.opportunities;
    else r.lost += c.opportunities;
    by.set(c.category, r);
  }
  return [...by.values()]
    .map((r) => ({ ...r, winRate: rate(r.won, r.lost), avgPriceFen: avg(r.revenueFen, r.units) }))
    .sort((a, b) => b.revenueFen - a.revenueFen || String(a.category ?? "").localeCompare(String(b.category ?? "")));
}
