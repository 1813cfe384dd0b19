/**
 * The customers' columns the tiering reports rank by (credit and prospect rating, size band) for the whole base, in
 * id order, read once per customer stamp and shared by every report and scope, as the order totals are
 * (store-totals.ts). The stamp (migration 401) rises with every insert or delete of a customer and every change of
 * those columns, in the writer's transaction, and with nothing else: a deal move, an order or an activity leaves
 * the copy valid, a customer edit replaces it at once. A narrower scope takes its customers' entries once the base
 * is at hand for the stamp, else reads its own customers (cost in proportion to the scope).
 */
import { sql } from "kysely";
import { filterConditions } from "../access/filters";
import { scopeKey } from "../access/visible";
import { indexesOf } from "../core/sorted-ids";
import type { Db } from "../db/connect";
import { hasShared, sharedAggregate } from "../db/data-stamp";
import { customerScope, type Scope } from "./store";

export type CustomerColumn = "size_band" | "credit_rating" | "prospect_rating";
export type CustomerRow = { id: number } & Record<CustomerColumn, string | null>;

const KEY = "customerBase";

/** True for a scope that sees every customer (全部, no filters). */
export function isWholeBase(scope: Scope): boolean {
  return scopeKey(scope.viewer) === "all" && filterConditions(scope.filters, { owner: "c.owner_id", customer: "c.id" }).length === 0;
}

/** The sum of the customer stamp counters (migration 401). */
export async function customerStamp(db: Db): Promise<string> {
  const r = await sql<{ v: number | string | null }>`select sum(version) as v from customer_stamps`.execute(db);
  return `customers:${r.rows[0]?.v ?? 0}`;
}

/** Every customer's ranking columns and id, ascending id, for the stamp. */
function customerBase(db: Db, stamp: string): Promise<{ ids: number[]; rows: CustomerRow[] }> {
  return sharedAggregate(
    db,
    KEY,
    async () => {
      const r = await sql<CustomerRow>`select id, credit_rating, prospect_rating, size_band from customers order by id`.execute(db);
      const rows = r.rows.map((x) => ({ id: Number(x.id), credit_rating: x.credit_rating, prospect_rating: x.prospect_rating, size_band: x.size_band }));
      return { ids: rows.map((x) => x.id), rows };
    },
    async () => stamp,
  );
}

/** The ids of the scope's customers, in id order: the shared base's for 全部, else through the owner index (customerScope). */
export async function scopeIds(db: Db, scope: Scope): Promise<number[]> {
  if (isWholeBase(scope)) return (await customerBase(db, await customerStamp(db))).ids;
  const r = await db.selectFrom("customers as c").where(customerScope(scope)).select("c.id").orderBy("c.id").execute();
  return r.map((x) => Number(x.id));
}

/**
 * The scope's customers with the columns a report ranks by, in id order (names are read for the listed places
 * only). The rows are shared: callers read them, never change them.
 */
export async function customerColumns<K extends CustomerColumn>(
  db: Db,
  scope: Scope,
  columns: readonly K[],
): Promise<Array<{ id: number } & Pick<CustomerRow, K>>> {
  const stamp = await customerStamp(db);
  if (isWholeBase(scope)) return (await customerBase(db, stamp)).rows;
  if (hasShared(db, KEY, stamp)) {
    const [base, ids] = await Promise.all([customerBase(db, stamp), scopeIds(db, scope)]);
    return indexesOf(base.ids, ids).map((j) => base.rows[j]);
  }
  return db
    .selectFrom("customers as c")
    .where(customerScope(scope))
    .select(["c.id", ...columns.map((k) => `c.${k}` as const)])
    .orderBy("c.id")
    .execute() as Promise<Array<{ id: number } & Pick<CustomerRow, K>>>;
}
