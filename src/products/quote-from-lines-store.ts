/** A draft quote from an opportunity's line items: each line's product, units, unit price and discount, priced against the catalogue's list price. */
import type { Viewer } from "../access/viewer";
import { AppError } from "../core/errors";
import { createQuote } from "../cash/quote-store";
import type { Db } from "../db/connect";
import { opportunityLines } from "./lines-store";

export async function quoteFromLines(
  db: Db,
  viewer: Viewer,
  opportunityId: number,
  b: { discountBp: number; note?: string | null },
  now: number,
): Promise<number> {
  const { items } = await opportunityLines(db, viewer, opportunityId);
  if (!items.length) throw new AppError("INVALID", "the opportunity has no line items to quote", "lines", undefined, { rule: "noLines" });
  return createQuote(
    db,
    viewer,
    {
      opportunityId,
      discountBp: b.discountBp,
      note: b.note ?? null,
      lines: items.map((l) => ({ product: l.name, productId: l.productId, units: l.units, unitPriceFen: l.unitPriceFen, discountBp: l.discountBp })),
    },
    now,
  );
}
