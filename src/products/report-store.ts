/** SQL of the products report: lines of opportunities closed in the window, scoped by the access rule and the shared filters. */
import { type Expression, type SqlBool, sql } from "kysely";
import { type CommonFilters, filterConditions, OPPORTUNITY_FILTER_COLUMNS } from "../access/filters";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import type { DbOrTx } from "../db/tx";
import type { CategoryCell, ProductCell } from "./report";

export interface ProductReportFilter extends CommonFilters {
  category?: string;
  from: number;
  to: number;
}

function conditions(viewer: Viewer, f: ProductReportFilter): Expression<SqlBool>[] {
  const out = [
    visible(viewer, "o.owner_id", "o.id", "opportunity"),
    ...filterConditions(f, OPPORTUNITY_FILTER_COLUMNS),
    sql<SqlBool>`o.status in ('won', 'lost')`,
    sql<SqlBool>`o.closed_at >= ${f.from}`,
    sql<SqlBool>`o.closed_at < ${f.to}`,
  ];
  // The product filter keeps the opportunities holding the product (above); the report then shows that product's row alone.
  if (f.product) out.push(sql<SqlBool>`l.product_id = ${f.product}`);
  if (f.category) out.push(sql<SqlBool>`p.category = ${f.category}`);
  return out;
}

export async function productCells(db: DbOrTx, viewer: Viewer, f: ProductReportFilter): Promise<ProductCell[]> {
  const rows = await db
    .selectFrom("opportunity_lines as l")
    .innerJoin("opportunities as o", "o.id", "l.opportunity_id")
    .innerJoin("products as p", "p.id", "l.product_id")
    .where((eb) => eb.and(conditions(viewer, f)))
    .select([
      "l.product_id",
      "p.code",
      "p.name",
      "p.category",
      "o.status",
      sql<number>`count(distinct o.id)`.as("n"),
      (eb) => eb.fn.sum<number>("l.total_fen").as("revenue"),
      (eb) => eb.fn.sum<number>("l.units").as("units"),
    ])
    .groupBy(["l.product_id", "p.code", "p.name", "p.category", "o.status"])
    .execute();
  return rows.map((r) => ({
    productId: Number(r.product_id),
    code: r.code,
    name: r.name,
    category: r.category,
    status: r.status as "won" | "lost",
    opportunities: Number(r.n),
    revenueFen: Number(r.revenue ?? 0),
    units: Number(r.units ?? 0),
  }));
}

export async function categoryCells(db: DbOrTx, viewer: Viewer, f: ProductReportFilter): Promise<CategoryCell[]> {
  const rows = await db
    .selectFrom("opportunity_lines as l")
    .innerJoin("opportunities as o", "o.id", "l.opportunity_id")
    .innerJoin("products as p", "p.id", "l.product_id")
    .where((eb) => eb.and(conditions(viewer, f)))
    .select(["p.category", "o.status", sql<number>`count(distinct o.id)`.as("n")])
    .groupBy(["p.category", "o.status"])
    .execute();
  return rows.map((r) => ({ category: r.category, status: r.status as "won" | "lost", opportunities: Number(r.n) }));
}
