/**
 * Raw product rows for tests of the product filters: a catalogue product, a deal's line of it, and a customer's
 * order of it (the "customer once ordered it" decoy a wrong filter would match).
 */
import type { Db } from "../db/connect";

export async function insertProduct(db: Db, code: string, name: string, at: number): Promise<number> {
  const r = await db
    .insertInto("products")
    .values({ code, name, category: null, unit: null, list_price_fen: 1, cost_fen: null, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertLine(db: Db, opportunityId: number, productId: number, position: number): Promise<void> {
  await db
    .insertInto("opportunity_lines")
    .values({ opportunity_id: opportunityId, position, product_id: productId, units: 1, unit_price_fen: 1, discount_bp: 0, list_price_fen: 1, total_fen: 1 })
    .execute();
}

export async function insertOrderOf(db: Db, customerId: number, productId: number, at: number): Promise<void> {
  await db
    .insertInto("orders")
    .values({
      external_id: null,
      customer_id: customerId,
      opportunity_id: null,
      ordered_at: at,
      amount_fen: 1,
      cost_fen: 0,
      units: 1,
      product: null,
      product_id: productId,
      created_at: at,
    })
    .execute();
}
