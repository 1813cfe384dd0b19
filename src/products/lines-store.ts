/**
 * Opportunity line items in the database. When an opportunity has lines its amount is their total: replacing the
 * lines sets it (version-checked, with the audit row, in one transaction), an edit of the amount that disagrees is
 * refused, and an import's amount is put back to the lines' total.
 */
import { assertEditableOpportunity } from "../opportunities/editable-store";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { audit } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { opportunitiesChanged } from "../readmodels/maintain";
import { productsByIds } from "./catalogue-store";
import { type LineDraft, linesTotals, type PricedLine, priceLine } from "./lines";

async function visibleOpportunity(db: DbOrTx, viewer: Viewer, id: number) {
  const o = await db
    .selectFrom("opportunities as o")
    .select(["o.id", "o.version", "o.amount_fen", "o.title"])
    .where("o.id", "=", id)
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"))
    .executeTakeFirst();
  if (!o) throw notFound("opportunity");
  return o;
}

/** The lines of an opportunity with their products, in order. */
export async function linesOf(db: DbOrTx, opportunityId: number) {
  const rows = await db
    .selectFrom("opportunity_lines as l")
    .innerJoin("products as p", "p.id", "l.product_id")
    .select([
      "l.id",
      "l.position",
      "l.product_id",
      "p.code",
      "p.name",
      "p.category",
      "p.unit",
      "l.units",
      "l.unit_price_fen",
      "l.discount_bp",
      "l.list_price_fen",
      "l.total_fen",
    ])
    .where("l.opportunity_id", "=", opportunityId)
    .orderBy("l.position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    productId: r.product_id,
    code: r.code,
    name: r.name,
    category: r.category,
    unit: r.unit,
    units: Number(r.units),
    unitPriceFen: Number(r.unit_price_fen),
    discountBp: r.discount_bp,
    listPriceFen: Number(r.list_price_fen),
    totalFen: Number(r.total_fen),
  }));
}

/** The lines of a visible opportunity, their totals and the opportunity's version (404 when invisible). */
export async function opportunityLines(db: DbOrTx, viewer: Viewer, id: number) {
  const o = await visibleOpportunity(db, viewer, id);
  const items = await linesOf(db, id);
  return { opportunityId: id, version: o.version, amountFen: Number(o.amount_fen), items, totals: linesTotals(items) };
}

/** Settles each draft's unit price from the catalogue and the default price list (400 naming the line for an unknown or inactive product). */
export async function priceDrafts(db: DbOrTx, drafts: readonly LineDraft[]): Promise<PricedLine[]> {
  const products = await productsByIds(
    db,
    drafts.map((d) => d.productId),
  );
  const list = await db.selectFrom("price_lists").select("id").where("is_default", "=", 1).executeTakeFirst();
  const prices = new Map<number, number>();
  if (list && products.size) {
    for (const r of await db
      .selectFrom("price_list_items")
      .select(["product_id", "price_fen"])
      .where("price_list_id", "=", list.id)
      .where("product_id", "in", [...products.keys()])
      .execute())
      prices.set(r.product_id, Number(r.price_fen));
  }
  return drafts.map((d, i) => {
    const p = products.get(d.productId);
    if (!p) throw new AppError("INVALID", `lines[${i}].productId is not a product`, `lines.${i}.productId`);
    if (!p.active)
      throw new AppError("INVALID", `lines[${i}].productId: product ${p.code} is inactive`, `lines.${i}.productId`, undefined, { rule: "inactive" });
    return priceLine(d, Number(p.list_price_fen), prices.get(p.id));
  });
}

/** Replaces the lines of an opportunity the viewer may edit; the amount becomes their total. Version-checked on the opportunity. */
export async function replaceLines(db: Db, viewer: Viewer, id: number, version: number, drafts: readonly LineDraft[], now: number) {
  await inTx(db, (tx) => replaceLinesInTx(tx, viewer, id, version, drafts, now));
}

/** replaceLines inside the caller's transaction (an import's); returns false when the lines were already these. */
export async function replaceLinesInTx(
  tx: DbOrTx,
  viewer: Viewer,
  id: number,
  version: number,
  drafts: readonly LineDraft[],
  now: number,
  action = "lines",
): Promise<boolean> {
  await visibleOpportunity(tx, viewer, id);
  await assertEditableOpportunity(tx, viewer, id);
  {
    const lines = await priceDrafts(tx, drafts);
    const before = await linesOf(tx, id);
    const key = (ls: ReadonlyArray<{ productId: number; units: number; unitPriceFen: number; discountBp: number }>) =>
      JSON.stringify(ls.map((l) => [l.productId, l.units, l.unitPriceFen, l.discountBp]));
    if (action !== "lines" && key(before) === key(lines)) return false;
    const total = linesTotals(lines).totalFen;
    // With no lines left the amount stays what it was: it is the user's again.
    const patch = lines.length ? { amount_fen: total, updated_at: now } : { updated_at: now };
    const row = await updateVersioned(tx, "opportunities", id, version, patch, "opportunity");
    await tx.deleteFrom("opportunity_lines").where("opportunity_id", "=", id).execute();
    if (lines.length)
      await tx
        .insertInto("opportunity_lines")
        .values(
          lines.map((l, i) => ({
            opportunity_id: id,
            position: i + 1,
            product_id: l.productId,
            units: l.units,
            unit_price_fen: l.unitPriceFen,
            discount_bp: l.discountBp,
            list_price_fen: l.listPriceFen,
            total_fen: l.totalFen,
          })),
        )
        .execute();
    await opportunitiesChanged(tx, [id]);
    await audit(
      tx,
      viewer.id,
      "opportunity",
      id,
      action,
      {
        before: before.map((l) => ({ productId: l.productId, units: l.units, unitPriceFen: l.unitPriceFen, discountBp: l.discountBp })),
        after: lines.map((l) => ({ productId: l.productId, units: l.units, unitPriceFen: l.unitPriceFen, discountBp: l.discountBp })),
        amountFen: [Number(row.amount_fen), lines.length ? total : Number(row.amount_fen)],
      },
      now,
    );
    return true;
  }
}

/** The lines' total of each opportunity that has lines. */
export async function lineTotals(db: DbOrTx, ids: readonly number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom("opportunity_lines")
    .select(["opportunity_id", (eb) => eb.fn.sum<number>("total_fen").as("total")])
    .where("opportunity_id", "in", [...new Set(ids)])
    .groupBy("opportunity_id")
    .execute();
  return new Map(rows.map((r) => [Number(r.opportunity_id), Number(r.total)]));
}

/** Refuses an amount that is not the lines' total on an opportunity with lines (409 naming amountFen). */
export async function assertAmountFollowsLines(db: DbOrTx, id: number, amountFen: number | undefined): Promise<void> {
  if (amountFen === undefined) return;
  const total = (await lineTotals(db, [id])).get(id);
  if (total !== undefined && total !== amountFen)
    throw new AppError(
      "RULE",
      `the amount of an opportunity with line items is their total (${total} fen): edit the lines instead`,
      "amountFen",
      { totalFen: total },
      { rule: "amountFromLines", totalFen: total },
    );
}

/** Puts the amount of every one of these opportunities that has lines back to the lines' total (after an import or a bulk write). */
export async function amountsFollowLines(tx: DbOrTx, ids: readonly number[]): Promise<number> {
  let n = 0;
  for (const [id, total] of await lineTotals(tx, ids)) {
    const r = await tx.updateTable("opportunities").set({ amount_fen: total }).where("id", "=", id).where("amount_fen", "<>", total).executeTakeFirst();
    n += Number(r.numUpdatedRows);
  }
  return n;
}
