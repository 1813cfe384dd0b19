/** The product catalogue and price lists in the database: keyset lists, versioned writes with their audit rows, list prices for quote lines. */
import { requireRole, type Viewer } from "../access/viewer";
import { audit, changes } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { afterCursor, decodeCursor, keysetPage, sortOrder, sortSpec } from "../db/keyset";
import type { Row } from "../db/schema";
import { type DbOrTx, inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";

export const productView = (p: Row<"products">) => ({
  id: p.id,
  code: p.code,
  name: p.name,
  category: p.category,
  unit: p.unit,
  listPriceFen: Number(p.list_price_fen),
  costFen: p.cost_fen == null ? null : Number(p.cost_fen),
  active: !!p.active,
  createdAt: Number(p.created_at),
  updatedAt: Number(p.updated_at),
  version: p.version,
});
export type ProductView = ReturnType<typeof productView>;

export interface ProductFields {
  code?: string;
  name?: string;
  category?: string | null;
  unit?: string | null;
  listPriceFen?: number;
  costFen?: number | null;
  active?: boolean;
}
export interface ProductQuery {
  q?: string;
  category?: string;
  active?: boolean;
  sort?: string;
  limit: number;
  cursor?: string;
}

const SORTS: Record<string, { col: string; nullable?: boolean }> = {
  code: { col: "p.code" },
  name: { col: "p.name" },
  category: { col: "p.category", nullable: true },
  updated: { col: "p.updated_at" },
};
const FIELD: Record<string, "code" | "name" | "category" | "updated_at"> = {
  "p.code": "code",
  "p.name": "name",
  "p.category": "category",
  "p.updated_at": "updated_at",
};

/** One page of the catalogue (everyone signed in may read it: reps price their deals from it). */
export async function listProducts(db: DbOrTx, f: ProductQuery) {
  let q = db.selectFrom("products as p").selectAll("p");
  if (f.q?.trim()) {
    const like = `%${f.q.trim().toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb(eb.fn("lower", ["p.code"]), "like", like), eb(eb.fn("lower", ["p.name"]), "like", like)]));
  }
  if (f.category) q = q.where("p.category", "=", f.category);
  if (f.active !== undefined) q = q.where("p.active", "=", f.active ? 1 : 0);
  const spec = sortSpec(SORTS, f.sort, "code", "p.id");
  if (f.cursor) q = q.where(afterCursor(spec, decodeCursor(f.cursor, spec.name)));
  for (const o of sortOrder(spec)) q = q.orderBy(o);
  const rows = await q.limit(f.limit + 1).execute();
  return keysetPage(rows, f.limit, spec, (r) => ({ value: r[FIELD[spec.col]] as string | number | null, id: r.id }), productView);
}

export async function getProduct(db: DbOrTx, id: number): Promise<ProductView> {
  const p = await db.selectFrom("products").selectAll().where("id", "=", id).executeTakeFirst();
  if (!p) throw notFound("product");
  return productView(p);
}

async function assertCodeFree(tx: DbOrTx, code: string, exceptId?: number) {
  let q = tx.selectFrom("products").select("id").where("code", "=", code);
  if (exceptId) q = q.where("id", "<>", exceptId);
  if (await q.executeTakeFirst()) throw new AppError("DUPLICATE", `product code ${code} exists`, "code", undefined, { entity: "product", field: "code" });
}

export async function createProduct(
  db: Db,
  viewer: Viewer,
  b: ProductFields & { code: string; name: string; listPriceFen: number },
  now: number,
): Promise<number> {
  requireRole(viewer, "admin", "manager");
  return inTx(db, async (tx) => {
    await assertCodeFree(tx, b.code);
    const { id } = await tx
      .insertInto("products")
      .values({
        code: b.code,
        name: b.name,
        category: b.category ?? null,
        unit: b.unit ?? null,
        list_price_fen: b.listPriceFen,
        cost_fen: b.costFen ?? null,
        active: b.active === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, viewer.id, "product", id, "create", { ...b }, now);
    return id;
  });
}

export async function updateProduct(db: Db, viewer: Viewer, id: number, version: number, b: ProductFields, now: number): Promise<void> {
  requireRole(viewer, "admin", "manager");
  await inTx(db, async (tx) => {
    if (b.code !== undefined) await assertCodeFree(tx, b.code, id);
    const patch = {
      code: b.code,
      name: b.name,
      category: b.category,
      unit: b.unit,
      list_price_fen: b.listPriceFen,
      cost_fen: b.costFen,
      active: b.active === undefined ? undefined : b.active ? 1 : 0,
      updated_at: now,
    };
    const before = await updateVersioned(tx, "products", id, version, patch, "product");
    await audit(tx, viewer.id, "product", id, "update", changes(before, patch), now);
  });
}

/** Products by id, for pricing lines. */
export async function productsByIds(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return new Map<number, Row<"products">>();
  const rows = await db
    .selectFrom("products")
    .selectAll()
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The catalogue product of each quote line and its list price: by productId when given (400 naming the line when
 * unknown), else a product whose code or name is the line's product text. A line with no catalogue product keeps its
 * unit price as the list (there is nothing else to compare it with).
 */
export async function priceQuoteLines<L extends { product: string; productId?: number | null }>(tx: DbOrTx, lines: readonly L[]) {
  const byId = await productsByIds(
    tx,
    lines.flatMap((l) => (l.productId ? [l.productId] : [])),
  );
  const texts = [...new Set(lines.filter((l) => !l.productId).map((l) => l.product))];
  const byText = new Map<string, Row<"products">>();
  if (texts.length) {
    const rows = await tx
      .selectFrom("products")
      .selectAll()
      .where((eb) => eb.or([eb("code", "in", texts), eb("name", "in", texts)]))
      .orderBy("id")
      .execute();
    for (const r of rows) for (const k of [r.name, r.code]) if (!byText.has(k)) byText.set(k, r);
  }
  return lines.map((l, i) => {
    const p = l.productId ? byId.get(l.productId) : byText.get(l.product);
    if (l.productId && !p) throw new AppError("INVALID", `lines[${i}].productId is not a product`, `lines.${i}.productId`);
    return { ...l, productId: p?.id ?? null, listPriceFen: p ? Number(p.list_price_fen) : null };
  });
}

// Price lists

export interface PriceListBody {
  name: string;
  isDefault?: boolean;
  items: Array<{ productId: number; priceFen: number }>;
}

export async function listPriceLists(db: DbOrTx) {
  const [lists, items] = await Promise.all([
    db.selectFrom("price_lists").selectAll().orderBy("name").orderBy("id").execute(),
    db
      .selectFrom("price_list_items as i")
      .innerJoin("products as p", "p.id", "i.product_id")
      .select(["i.price_list_id", "i.product_id", "p.code", "p.name", "i.price_fen", "p.list_price_fen"])
      .orderBy("p.code")
      .execute(),
  ]);
  return lists.map((l) => ({
    id: l.id,
    name: l.name,
    isDefault: !!l.is_default,
    version: l.version,
    updatedAt: Number(l.updated_at),
    items: items
      .filter((i) => i.price_list_id === l.id)
      .map((i) => ({ productId: i.product_id, code: i.code, name: i.name, priceFen: Number(i.price_fen), listPriceFen: Number(i.list_price_fen) })),
  }));
}

async function writePriceList(tx: DbOrTx, id: number, b: PriceListBody, now: number) {
  const seen = new Set<number>();
  b.items.forEach((it, i) => {
    if (seen.has(it.productId)) throw new AppError("INVALID", `items[${i}].productId appears twice`, `items.${i}.productId`);
    seen.add(it.productId);
  });
  const known = await productsByIds(tx, [...seen]);
  b.items.forEach((it, i) => {
    if (!known.has(it.productId)) throw new AppError("INVALID", `items[${i}].productId is not a product`, `items.${i}.productId`);
  });
  if (b.isDefault) await tx.updateTable("price_lists").set({ is_default: 0, updated_at: now }).where("id", "<>", id).where("is_default", "=", 1).execute();
  await tx.deleteFrom("price_list_items").where("price_list_id", "=", id).execute();
  if (b.items.length)
    await tx
      .insertInto("price_list_items")
      .values(b.items.map((it) => ({ price_list_id: id, product_id: it.productId, price_fen: it.priceFen })))
      .execute();
}

async function assertListNameFree(tx: DbOrTx, name: string, exceptId?: number) {
  let q = tx.selectFrom("price_lists").select("id").where("name", "=", name);
  if (exceptId) q = q.where("id", "<>", exceptId);
  if (await q.executeTakeFirst()) throw new AppError("DUPLICATE", `price list ${name} exists`, "name", undefined, { entity: "priceList", field: "name" });
}

export async function createPriceList(db: Db, viewer: Viewer, b: PriceListBody, now: number): Promise<number> {
  requireRole(viewer, "admin", "manager");
  return inTx(db, async (tx) => {
    await assertListNameFree(tx, b.name);
    const { id } = await tx
      .insertInto("price_lists")
      .values({ name: b.name, is_default: b.isDefault ? 1 : 0, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writePriceList(tx, id, b, now);
    await audit(tx, viewer.id, "price_list", id, "create", { ...b }, now);
    return id;
  });
}

export async function updatePriceList(db: Db, viewer: Viewer, id: number, version: number, b: PriceListBody, now: number): Promise<void> {
  requireRole(viewer, "admin", "manager");
  await inTx(db, async (tx) => {
    await assertListNameFree(tx, b.name, id);
    const before = await updateVersioned(tx, "price_lists", id, version, { name: b.name, is_default: b.isDefault ? 1 : 0, updated_at: now }, "priceList");
    await writePriceList(tx, id, b, now);
    await audit(tx, viewer.id, "price_list", id, "update", { name: [before.name, b.name], isDefault: b.isDefault ?? false, items: b.items }, now);
  });
}
