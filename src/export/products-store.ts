/** Export pages of the catalogue (everyone may read it) and of opportunity line items (through the opportunity the viewer may see), in the import's columns. */
import { type CommonFilters, filterConditions, OPPORTUNITY_FILTER_COLUMNS } from "../access/filters";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import type { Db } from "../db/connect";
import { syntheticKey } from "../import/external-ids";
import { fenToYuan } from "./format";

type Cell = string | number | null;
const PAGE = 2000;

export async function* productPages(db: Db): AsyncGenerator<Cell[][]> {
  for (let after = 0; ; ) {
    const page = await db.selectFrom("products").selectAll().where("id", ">", after).orderBy("id").limit(PAGE).execute();
    if (page.length)
      yield page.map((p) => [
        p.code,
        p.name,
        p.category,
        p.unit,
        fenToYuan(p.list_price_fen),
        p.cost_fen == null ? null : fenToYuan(p.cost_fen),
        p.active ? "1" : "0",
      ]);
    if (page.length < PAGE) return;
    after = Number(page[page.length - 1].id);
  }
}

export async function* opportunityLinePages(db: Db, viewer: Viewer, f: CommonFilters): AsyncGenerator<Cell[][]> {
  for (let after = 0; ; ) {
    let q = db
      .selectFrom("opportunity_lines as l")
      .innerJoin("opportunities as o", "o.id", "l.opportunity_id")
      .innerJoin("products as p", "p.id", "l.product_id")
      .select(["l.id", "o.id as oid", "o.external_id as oext", "p.code", "l.units", "l.unit_price_fen", "l.discount_bp"])
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
      .where("l.id", ">", after);
    for (const cond of filterConditions(f, OPPORTUNITY_FILTER_COLUMNS)) q = q.where(cond);
    const page = await q.orderBy("l.id").limit(PAGE).execute();
    if (page.length)
      yield page.map((r) => [
        r.oext ?? syntheticKey("opportunities", Number(r.oid)),
        r.code,
        Number(r.units),
        fenToYuan(r.unit_price_fen),
        `${Number(r.discount_bp) / 100}%`,
      ]);
    if (page.length < PAGE) return;
    after = Number(page[page.length - 1].id);
  }
}
