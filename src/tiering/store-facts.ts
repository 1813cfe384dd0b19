/**
 * Per-customer deal and activity facts of the tiering reports from their read models (customer_deal_facts,
 * customer_activity_months; src/readmodels/customer-deals.ts, activity-months.ts): the whole base's rows are read
 * once per model stamp (which only the writes that change those facts move: not an audit row, an order or a settings
 * change) and shared by every report and scope; a narrower scope takes its customers' entries when the whole base is
 * at hand, else reads its own rows (cost in proportion to the scope).
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { scopeKey } from "../access/visible";
import type { Db } from "../db/connect";
import { hasShared, sharedAggregate } from "../db/data-stamp";
import { activityMonthsOffset } from "../readmodels/activity-months";
import { splitWindow } from "../readmodels/order-cells";
import { modelStamp, type StampedModel } from "../readmodels/stamps";
import { customerScope, type Scope, type Window } from "./store";
import { isWholeBase, scopeIds, WHOLE } from "./store-totals";

type Keyed = { customer_id: number };

/** The scope's rows of a per-customer fact query, in customer id order, shared per model stamp (see the file header). */
async function perCustomer<T extends Keyed>(
  db: Db,
  scope: Scope,
  model: StampedModel,
  key: string,
  query: (cond: Expression<SqlBool>) => Promise<T[]>,
): Promise<T[]> {
  const stamp = await modelStamp(db, model);
  if (stamp && (isWholeBase(scope) || hasShared(db, key, stamp))) {
    const base = await sharedAggregate(
      db,
      key,
      async () => {
        const rows = await query(customerScope(WHOLE));
        return { rows, byId: new Map(rows.map((r) => [r.customer_id, r])) };
      },
      async () => stamp,
    );
    if (isWholeBase(scope)) return base.rows;
    const out: T[] = [];
    for (const id of await scopeIds(db, scope)) {
      const r = base.byId.get(id);
      if (r) out.push(r);
    }
    return out;
  }
  return sharedAggregate(db, `${key}:${scopeKey(scope.viewer)}:${JSON.stringify(scope.filters)}`, () => query(customerScope(scope)));
}

export interface DealFacts {
  customer_id: number;
  won: number;
  lost: number;
  open_count: number;
  open_amount: number;
  weighted_pct: number;
  max_probability: number | null;
  earliest_close: string | null;
}

async function readDealFacts(db: Db, cond: Expression<SqlBool>): Promise<DealFacts[]> {
  const r = await sql<DealFacts>`select f.customer_id, f.won, f.lost, f.open_count, f.open_amount_fen as open_amount, f.open_weighted_pct as weighted_pct,
      f.max_probability, f.earliest_close
    from customer_deal_facts f join customers c on c.id = f.customer_id where ${cond} order by f.customer_id`.execute(db);
  return r.rows.map((x) => ({
    customer_id: Number(x.customer_id),
    won: Number(x.won),
    lost: Number(x.lost),
    open_count: Number(x.open_count),
    open_amount: Number(x.open_amount),
    weighted_pct: Number(x.weighted_pct),
    max_probability: x.max_probability == null ? null : Number(x.max_probability),
    earliest_close: x.earliest_close,
  }));
}

/** Every customer of the scope with opportunities: won, lost and open counts and the open pipeline. */
export function dealFacts(db: Db, scope: Scope): Promise<DealFacts[]> {
  return perCustomer(db, scope, "deals", "baseDealFacts", (cond) => readDealFacts(db, cond));
}

/** Open pipeline per customer with open deals: amount, Σ amount × probability (percent), best probability, earliest close. */
export async function openPipeline(db: Db, scope: Scope) {
  return (await dealFacts(db, scope))
    .filter((f) => f.open_count > 0)
    .map((f) => ({
      customer_id: f.customer_id,
      open_amount: f.open_amount,
      weighted_pct: f.weighted_pct,
      max_probability: f.max_probability as number,
      earliest_close: f.earliest_close,
    }));
}

/** Won and lost deals per customer with closed deals. */
export async function closedDeals(db: Db, scope: Scope) {
  return (await dealFacts(db, scope)).filter((f) => f.won + f.lost > 0).map((f) => ({ customer_id: f.customer_id, won: f.won, lost: f.lost }));
}

/** Activities done with each customer in [from, to): whole months from the roll-up, the partial months at the edges from the activities. */
async function readActivityCounts(db: Db, cond: Expression<SqlBool>, w: Window): Promise<Array<{ customer_id: number; activities: number }>> {
  const split = splitWindow(w.from, w.to, await activityMonthsOffset(db));
  const parts = [];
  if (split.months)
    parts.push(sql`select m.customer_id, m.done as n from customer_activity_months m join customers c on c.id = m.customer_id
      where m.month >= ${sql.lit(split.months[0])} and m.month < ${sql.lit(split.months[1])} and ${cond}`);
  if (split.raw.length) {
    const ranges = sql.join(
      split.raw.map(([a, b]) => sql`(a.done_at >= ${sql.lit(a)} and a.done_at < ${sql.lit(b)})`),
      sql` or `,
    );
    parts.push(sql`select a.customer_id, 1 as n from activities a join customers c on c.id = a.customer_id where (${ranges}) and ${cond}`);
  }
  if (!parts.length) return [];
  const r = await sql<{ customer_id: number; activities: number }>`select x.customer_id, sum(x.n) as activities
    from (${sql.join(parts, sql` union all `)}) x group by x.customer_id order by x.customer_id`.execute(db);
  return r.rows.map((x) => ({ customer_id: Number(x.customer_id), activities: Number(x.activities) }));
}

/** Activities done with each customer of the scope in the window (customers with none are left out). */
export function activityCounts(db: Db, scope: Scope, w: Window) {
  return perCustomer(db, scope, "activities", `baseActivities:${w.from}:${w.to}`, (cond) => readActivityCounts(db, cond, w));
}
