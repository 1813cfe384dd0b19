/** Reads what the reclaim rules look at (receipt, last follow-up, deals, wins, lock, levels) and the countdown per customer. */
import { type Expression, type SqlBool, sql } from "kysely";
import type { Row } from "../db/schema";
import type { DbOrTx } from "../db/tx";
import { assessCustomer, type CustomerFacts, type Verdict } from "./reclaim-rules";
import { defaultPoolId, policyOf } from "./store";

export interface OwnedCustomer extends CustomerFacts {
  id: number;
  ownerId: number;
  poolId: number;
  version: number;
}

/** Facts for owned customers matching `where` (an expression over "c"), each with the pool it would return to. */
export async function ownedCustomerFacts(db: DbOrTx, where: Expression<SqlBool>, now: number, withTiers: boolean): Promise<OwnedCustomer[]> {
  const dflt = await defaultPoolId(db, now);
  const rows = await db
    .selectFrom("customers as c")
    .select([
      "c.id",
      "c.owner_id",
      "c.owner_since",
      "c.created_at",
      "c.locked",
      "c.priority",
      "c.version",
      sql<number>`coalesce(c.pool_id, ${dflt})`.as("pool"),
      sql<number | null>`(select max(a.done_at) from activities a where a.customer_id = c.id and a.done_at is not null)`.as("last_follow_up"),
      sql<
        number | null
      >`(select max(case when o.closed_at is not null and o.closed_at > o.created_at then o.closed_at else o.created_at end) from opportunities o where o.customer_id = c.id)`.as(
        "last_deal",
      ),
      sql<number>`(select count(*) from opportunities o where o.customer_id = c.id and o.status = 'open')`.as("open_deals"),
      sql<number | null>`(select max(o.closed_at) from opportunities o where o.customer_id = c.id and o.status = 'won')`.as("last_won"),
    ])
    .where("c.owner_id", "is not", null)
    .where(where)
    .execute();
  const tiers = new Map<number, string[]>();
  if (withTiers && rows.length) {
    const latest = await db
      .selectFrom("tier_assignments as ta")
      .select(["ta.customer_id", "ta.scheme", "ta.tier"])
      .where(
        "ta.customer_id",
        "in",
        rows.map((r) => r.id),
      )
      .where(
        sql<SqlBool>`ta.computed_at = (select max(tb.computed_at) from tier_assignments tb where tb.customer_id = ta.customer_id and tb.scheme = ta.scheme)`,
      )
      .execute();
    for (const t of latest) tiers.set(t.customer_id, [...(tiers.get(t.customer_id) ?? []), `${t.scheme}:${t.tier}`]);
  }
  return rows.map((r) => ({
    id: r.id,
    ownerId: r.owner_id as number,
    poolId: Number(r.pool),
    version: r.version,
    ownerSince: r.owner_since ?? r.created_at,
    lastFollowUpAt: r.last_follow_up == null ? null : Number(r.last_follow_up),
    lastDealAt: r.last_deal == null ? null : Number(r.last_deal),
    hasOpenDeal: Number(r.open_deals) > 0,
    lastWonAt: r.last_won == null ? null : Number(r.last_won),
    locked: !!r.locked,
    levels: [...(r.priority ? [`priority:${r.priority}`] : []), ...(tiers.get(r.id) ?? [])],
  }));
}

export interface Countdown {
  status: Verdict["status"];
  daysLeft: number | null;
  dueDate: string | null;
  rule: string | null;
  exemptBy: string | null;
  poolId: number;
}

/** "Days until it returns to the pool" for the given customers (owned ones only; pool customers are absent). */
export async function poolCountdowns(db: DbOrTx, ids: number[], now: number, tz: string): Promise<Map<number, Countdown>> {
  const out = new Map<number, Countdown>();
  if (!ids.length) return out;
  const pools = new Map<number, Row<"pools">>((await db.selectFrom("pools").selectAll().execute()).map((p) => [p.id, p]));
  const rules = await db.selectFrom("pool_rules").selectAll().orderBy("position").orderBy("id").execute();
  const active = rules.filter((r) => pools.get(r.pool_id)?.rules_enabled);
  if (!active.length) return out;
  const withTiers = active.some((r) => r.level != null && !r.level.startsWith("priority:"));
  const facts = await ownedCustomerFacts(db, sql<SqlBool>`c.id in (${sql.join(ids)})`, now, withTiers);
  for (const f of facts) {
    const pool = pools.get(f.poolId);
    if (!pool) continue;
    const v = assessCustomer(
      policyOf(
        pool,
        rules.filter((r) => r.pool_id === pool.id),
      ),
      f,
      now,
      tz,
    );
    out.set(f.id, {
      status: v.status,
      daysLeft: v.daysLeft,
      dueDate: v.dueDate,
      poolId: pool.id,
      rule: v.status === "exempt" ? null : (v.rule?.kind ?? null),
      exemptBy: v.status === "exempt" ? v.exemptBy : null,
    });
  }
  return out;
}
