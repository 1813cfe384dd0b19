/**
 * The receivables ageing's SQL (issue 10): the totals by days past due over every open instalment the filters keep,
 * and one page of the lines (per customer or owner), largest outstanding first, ties by key descending, continued
 * after a keyset position (src/db/keyset.ts). By customer without a filter on the contracts' owner, team, contract
 * or deal, the page's customers come from signed_customers (outstanding fen per customer, migration 300) through its
 * index on (outstanding_fen, customer_id) (migration 400), and only their open instalments are read for the buckets;
 * otherwise the lines are grouped from instalment_open and the page taken from the grouped rows. With a payment
 * received after `asOf` (a clock set back) both come from running sums over the source tables (instalmentStates).
 */
import { type RawBuilder, sql } from "kysely";
import { visibleIds } from "../access/visible";
import type { Viewer } from "../access/viewer";
import type { Db } from "../db/connect";
import { afterCursor, type Cursor, type SortSpec, sortOrder } from "../db/keyset";
import { inReportTx } from "../db/report-tx";
import { contractsCte, instalmentStates } from "./reports-store";
import type { ContractFilter } from "./store";

export type ReceivableBy = "customer" | "owner";
type Buckets = { not_due: number; d0_30: number; d31_60: number; d61_90: number; d90_plus: number };

export interface ReceivableRow {
  key: number;
  name: string | null;
  buckets: Buckets;
  totalFen: number;
}

/** One page: at most `limit` lines (all without one) after the keyset position `after`. */
export interface ReceivablePage {
  limit?: number;
  after?: Cursor;
}

/** The cursor's sort name: a customer cursor is refused by the owner view and the other way round. */
export const receivableSort = (by: ReceivableBy) => `receivables-${by}`;

const n = (x: unknown) => Number(x ?? 0);
const spec = (by: ReceivableBy, col: string, idCol: string): SortSpec => ({ name: receivableSort(by), col, idCol, dir: "desc" });

/** The five buckets of open fen `open` by days past due `age`, as sums. */
function bucketCols(age: RawBuilder<unknown>, open: RawBuilder<unknown>) {
  const bucket = (lo: number | null, hi: number | null) =>
    sql`sum(case when ${lo == null ? sql`1 = 1` : sql`${age} > ${sql.lit(lo)}`} and ${hi == null ? sql`1 = 1` : sql`${age} <= ${sql.lit(hi)}`} then ${open} else 0 end)`;
  return sql`${bucket(null, 0)} as not_due, ${bucket(0, 30)} as d0_30, ${bucket(30, 60)} as d31_60, ${bucket(60, 90)} as d61_90, ${bucket(90, null)} as d90_plus`;
}

const keyOf = (by: ReceivableBy) => (by === "owner" ? sql`k.owner_id` : sql`k.customer_id`);
const nameOf = (by: ReceivableBy) => (by === "owner" ? sql`null` : sql`min(k.customer_name)`);

/** The page of the grouped lines `g` (key, name, buckets, total, sort_id) in the report's order. */
function pageOf(by: ReceivableBy, grouped: RawBuilder<unknown>, page: ReceivablePage) {
  const s = spec(by, "g.total", "g.sort_id");
  const after = page.after ? sql`where ${afterCursor(s, page.after)}` : sql``;
  const limit = page.limit == null ? sql`` : sql` limit ${sql.lit(page.limit + 1)}`;
  return sql`select g.* from (${grouped}) g ${after} order by ${sql.join(sortOrder(s))}${limit}`;
}

/** By customer from signed_customers: the page's customers by the index, then their open instalments. */
function customerPage(viewer: Viewer, f: ContractFilter, todayDay: number, page: ReceivablePage) {
  const s = spec("customer", "s.outstanding_fen", "s.customer_id");
  const where = [sql`s.outstanding_fen > 0`];
  const ids = visibleIds(viewer, "customer");
  if (ids) where.push(sql`s.customer_id in ${ids}`);
  if (f.customer) where.push(sql`s.customer_id = ${f.customer}`);
  if (page.after) where.push(afterCursor(s, page.after));
  const limit = page.limit == null ? sql`` : sql` limit ${sql.lit(page.limit + 1)}`;
  return sql`with pg as (select s.customer_id, s.outstanding_fen from signed_customers s where ${sql.join(where, sql` and `)}
      order by ${sql.join(sortOrder(s))}${limit})
    select pg.customer_id as key, c.name, ${bucketCols(sql`(${todayDay} - io.due_day)`, sql`io.open_fen`)}, pg.outstanding_fen as total, pg.customer_id as sort_id
    from pg join customers c on c.id = pg.customer_id join contracts k on k.customer_id = pg.customer_id join instalment_open io on io.contract_id = k.id
    group by pg.customer_id, pg.outstanding_fen, c.name order by pg.outstanding_fen desc, pg.customer_id desc`;
}

/**
 * The totals over every line and one page of the lines. `f.signedBefore` keeps the contracts signed before it;
 * payments count when received before `asOf`.
 */
export async function receivables(
  db: Db,
  viewer: Viewer,
  f: ContractFilter,
  by: ReceivableBy,
  off: number,
  todayDay: number,
  asOf: number,
  page: ReceivablePage = {},
): Promise<{ total: ReceivableRow; lines: ReceivableRow[]; nextAfter: Cursor | null }> {
  // the read model counts every payment; a payment received after asOf (only with a clock set back) needs the scan
  const later = await sql`select 1 as x from payments where received_at >= ${asOf} limit 1`.execute(db);
  const scan = later.rows.length > 0;
  // signed_customers folds every contract: usable when none is signed on or after signedBefore
  const fast =
    !scan && by === "customer" && !f.owner && !f.team && !f.id && !f.opportunity && !(f.signedBefore != null && (await signedFrom(db, f.signedBefore)));
  let totals: RawBuilder<unknown>, lines: RawBuilder<unknown>;
  if (scan) {
    const age = sql`(${todayDay} - st.due_day)`,
      open = sql`(st.amt - st.paid_fen)`;
    const from = sql`from st join k on k.id = st.contract_id where st.paid_fen < st.amt`;
    totals = instalmentStates(db, viewer, f, off, asOf, sql`select ${bucketCols(age, open)}, sum(${open}) as total ${from}`);
    const grouped = sql`select ${keyOf(by)} as key, ${nameOf(by)} as name, ${bucketCols(age, open)}, sum(${open}) as total, coalesce(${keyOf(by)}, 0) as sort_id
      ${from} group by ${keyOf(by)}`;
    lines = instalmentStates(db, viewer, f, off, asOf, pageOf(by, grouped, page));
  } else {
    const age = sql`(${todayDay} - io.due_day)`;
    const cols = sql`${bucketCols(age, sql`io.open_fen`)}, sum(io.open_fen) as total`;
    totals = sql`with k as (${contractsCte(viewer, f, { owner: false, lean: true })}) select ${cols} from instalment_open io join k on k.id = io.contract_id`;
    lines = fast
      ? customerPage(viewer, f, todayDay, page)
      : sql`with k as (${contractsCte(viewer, f, { owner: by === "owner" })}) ${pageOf(
          by,
          sql`select ${keyOf(by)} as key, ${nameOf(by)} as name, ${cols}, coalesce(${keyOf(by)}, 0) as sort_id
            from instalment_open io join k on k.id = io.contract_id group by ${keyOf(by)}`,
          page,
        )}`;
  }
  const [t, rows] = await inReportTx(
    db,
    process.env.REPORT_WORK_MEM || "64MB",
    async (tx) =>
      [(await totals.execute(tx)).rows as Array<Record<string, unknown>>, (await lines.execute(tx)).rows as Array<Record<string, unknown>>] as const,
    { jitOff: true },
  );
  const more = page.limit != null && rows.length > page.limit;
  if (more) rows.length = page.limit as number;
  const last = rows[rows.length - 1];
  return {
    total: { ...lineOf({ ...t[0], key: 0, name: null }), key: 0 },
    lines: rows.map(lineOf),
    nextAfter: more ? { value: n(last.total), id: n(last.sort_id) } : null,
  };
}

/** Whether any contract is signed at or after `at` (indexed, migration 400). */
async function signedFrom(db: Db, at: number): Promise<boolean> {
  return (await sql`select 1 as x from contracts where signed_at >= ${at} limit 1`.execute(db)).rows.length > 0;
}

const lineOf = (x: Record<string, unknown>): ReceivableRow => ({
  key: n(x.key),
  name: x.name == null ? null : String(x.name),
  buckets: { not_due: n(x.not_due), d0_30: n(x.d0_30), d31_60: n(x.d31_60), d61_90: n(x.d61_90), d90_plus: n(x.d90_plus) },
  totalFen: n(x.total),
});
