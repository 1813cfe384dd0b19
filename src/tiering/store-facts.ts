/**
 * Per-customer deal and activity facts of the tiering reports from their read models (customer_deal_facts,
 * customer_activity_months; src/readmodels/customer-deals.ts, activity-months.ts): the whole base's rows are held
 * per model stamp shard (which only the writes that change those facts move: not an audit row, an order or a settings
 * change; a write re-reads its shards' customers only, see wholeBase) and shared by every report and scope; a narrower scope takes its customers' entries when the whole base is
 * at hand, else reads its own rows (cost in proportion to the scope).
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { scopeKey } from "../access/visible";
import type { Db } from "../db/connect";
import { sharedAggregate } from "../db/data-stamp";
import { activityMonthsOffset } from "../readmodels/activity-months";
import { splitWindow } from "../readmodels/order-cells";
import { STAMP_SHARDS, shardSql, shardVersions, type StampedModel } from "../readmodels/stamps";
import { customerScope, type Scope, type Window } from "./store";
import { isWholeBase, scopeIds, WHOLE } from "./store-totals";

type Keyed = { customer_id: number };

interface Base<T> {
  /** the model's shard versions the rows were read at */
  versions: number[];
  rows: T[];
  byId: Map<number, T>;
}
/** Whole-base rows per database handle and key, kept per stamp shard (see wholeBase). */
const bases = new WeakMap<Db, Map<string, Promise<Base<Keyed>>>>();
/** Keys held per database (a key is a model and, for activities, a window): the least recently asked go first. */
const MAX_BASES = 8;
/** When more shards than this moved on, the whole base is read again rather than shard by shard. */
const MAX_SHARDS_REREAD = STAMP_SHARDS / 4;

/**
 * The whole base's rows of a per-customer fact query, in customer id order, kept per stamp shard (customer id mod
 * 64): when a write has moved some shards' versions on, only those shards' customers are read again and merged into
 * the rows held (a deal write re-read 1/64 of 200,000 customers' facts instead of all of them: kaism after a deal
 * write, 1.1 s → docs/benchmarks.md). The versions are read before the rows, so rows a concurrent write commits in
 * between are read again at the next call, never missed. One computation per key at a time (callers share it).
 */
async function wholeBase<T extends Keyed>(
  db: Db,
  model: StampedModel,
  key: string,
  query: (cond: Expression<SqlBool>) => Promise<T[]>,
): Promise<Base<T> | null> {
  const versions = await shardVersions(db, model);
  if (!versions) return null;
  let m = bases.get(db);
  if (!m) bases.set(db, (m = new Map()));
  const held = m.get(key) as Promise<Base<T>> | undefined;
  const next = (async (): Promise<Base<T>> => {
    const old = held ? await held.catch(() => null) : null;
    const moved = old ? versions.flatMap((v, s) => (v !== old.versions[s] ? [s] : [])) : null;
    if (old && moved!.length === 0) return old;
    if (!old || moved!.length > MAX_SHARDS_REREAD) {
      const rows = await query(customerScope(WHOLE));
      return { versions, rows, byId: new Map(rows.map((r) => [r.customer_id, r])) };
    }
    const shards = new Set(moved);
    const fresh = await query(sql<SqlBool>`(${customerScope(WHOLE)} and ${sql.raw(shardSql("c.id"))} in (${sql.join(moved!.map((x) => sql.lit(x)))}))`);
    // both lists in customer id order: merge the kept rows of the other shards with the fresh ones
    const rows: T[] = [];
    let j = 0;
    for (const r of old.rows) {
      if (shards.has(r.customer_id % STAMP_SHARDS)) continue;
      while (j < fresh.length && fresh[j].customer_id < r.customer_id) rows.push(fresh[j++]);
      rows.push(r);
    }
    while (j < fresh.length) rows.push(fresh[j++]);
    const byId = new Map(old.byId);
    for (const r of old.rows) if (shards.has(r.customer_id % STAMP_SHARDS)) byId.delete(r.customer_id);
    for (const r of fresh) byId.set(r.customer_id, r);
    return { versions, rows, byId };
  })();
  // the newest call's computation is the one later calls start from (a failed one leaves the previous rows)
  m.delete(key);
  m.set(key, next as Promise<Base<Keyed>>);
  if (m.size > MAX_BASES) m.delete(m.keys().next().value!);
  next.catch(() => {
    if (m.get(key) === (next as Promise<Base<Keyed>>)) {
      if (held) m.set(key, held as Promise<Base<Keyed>>);
      else m.delete(key);
    }
  });
  return next;
}

/** The scope's rows of a per-customer fact query, in customer id order (see the file header and wholeBase). */
async function perCustomer<T extends Keyed>(
  db: Db,
  scope: Scope,
  model: StampedModel,
  key: string,
  query: (cond: Expression<SqlBool>) => Promise<T[]>,
): Promise<T[]> {
  // wholeBase reads the shard versions (null when the model was never built): no separate stamp query first
  if (isWholeBase(scope) || bases.get(db)?.has(key)) {
    const base = await wholeBase(db, model, key, query);
    if (base) {
      if (isWholeBase(scope)) return base.rows;
      const out: T[] = [];
      for (const id of await scopeIds(db, scope)) {
        const r = base.byId.get(id);
        if (r) out.push(r);
      }
      return out;
    }
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
