/**
 * The cash reports' aggregates in SQL (issue 10), the same on both engines, grouped per customer or owner in the
 * database from the cash read model (src/readmodels/contract-cash.ts: per contract its collected and outstanding fen
 * and sign flags, per unpaid instalment its open fen and due day, per payment its commissionable fen; local days cut
 * in the organisation's zone at each instant's own offset). Receivables with a payment received after `asOf` (a
 * clock set back) fall back to running sums over the source tables, whose local days use the zone's offset at `now`.
 * The receivables themselves are in receivables-store.ts.
 */
import { type RawBuilder, sql } from "kysely";
import { scopeUsers, visible, visibleOwners } from "../access/visible";
import type { Viewer } from "../access/viewer";
import { DAY_MS } from "../core/dates";
import type { Db } from "../db/connect";
import { isPostgres } from "../db/dialect";
import { inReportTx } from "../db/report-tx";
import type { ContractFilter } from "./store";

export { isoDay } from "./cash-facts";

const n = (x: unknown) => Number(x ?? 0);

/**
 * One report query in a read-only transaction with work_mem raised (REPORT_WORK_MEM, src/db/report-tx.ts) and, on
 * PostgreSQL, JIT off: the planner's cost of the window sorts over every payment triggers JIT compilation, which took
 * longer than the query itself on the enterprise demo.
 */
export async function run<R>(db: Db, q: RawBuilder<R>): Promise<R[]> {
  return inReportTx(db, process.env.REPORT_WORK_MEM || "64MB", async (tx) => (await q.execute(tx)).rows, { jitOff: true });
}

/**
 * The visible contracts with their owner (the opportunity's, else the customer's), as the body of a CTE `k`. With
 * `owner: false` (a caller that reads no owner_id) and no owner or team filter, the opportunities are not joined and
 * owner_id is null (receivables by customer, signed customers: a join to every opportunity they would not read).
 */
export function contractsCte(viewer: Viewer, f: ContractFilter, o: { owner?: boolean; lean?: boolean } = {}): RawBuilder<unknown> {
  const owner = sql`coalesce(o.owner_id, c.owner_id)`;
  const where = [sql`${visible(viewer, "c.owner_id", "c.id", "customer")}`];
  // implied by visible(): lets a rep's or a team's report start from customers_owner instead of every customer
  const owners = visibleOwners(viewer, "c.owner_id", "customer");
  if (owners) where.push(sql`${owners}`);
  if (f.id) where.push(sql`k.id = ${f.id}`);
  if (f.customer) where.push(sql`k.customer_id = ${f.customer}`);
  if (f.opportunity) where.push(sql`k.opportunity_id = ${f.opportunity}`);
  if (f.signedBefore) where.push(sql`k.signed_at < ${f.signedBefore}`);
  if (f.owner) where.push(sql`${owner} = ${f.owner}`);
  if (f.team) where.push(sql`${owner} in (select u.id from users u where u.team_id = ${f.team})`);
  const withOwner = o.owner !== false || f.owner || f.team;
  // `lean` (a caller that reads neither name nor owner): for a viewer who sees every customer (visible() is 1 = 1,
  // no implied owners) the customers are not joined; the filters left are the contracts' own
  if (o.lean && !withOwner && scopeUsers(viewer) == null)
    return sql`select k.id, k.customer_id, null as customer_name, k.amount_fen, k.signed_at, null as owner_id from contracts k
    where ${sql.join([sql`1 = 1`, ...where.slice(1)], sql` and `)}`;
  return sql`select k.id, k.customer_id, c.name as customer_name, k.amount_fen, k.signed_at, ${withOwner ? owner : sql`null`} as owner_id
    from contracts k join customers c on c.id = k.customer_id${withOwner ? sql` left join opportunities o on o.id = k.opportunity_id` : sql``}
    where ${sql.join(where, sql` and `)}`;
}

/**
 * CTEs k (contracts), i (effective instalments: amount, cumulative amount through it, due day), p (positive payments
 * with their running sum), t (positive payments per contract) and st (per instalment: paid, paid_at), then `tail`.
 * A contract without a schedule is one instalment of its amount due on its signing day. Payments count when received
 * before `asOf` (null: all).
 */
export function instalmentStates(db: Db, viewer: Viewer, f: ContractFilter, off: number, asOf: number | null, tail: RawBuilder<unknown>): RawBuilder<unknown> {
  const dueDay = isPostgres(db) ? sql`(cast(s.due_date as date) - date '1970-01-01')` : sql`cast(julianday(s.due_date) - 2440587.5 as integer)`;
  const received = asOf == null ? sql`` : sql` and p.received_at < ${asOf}`;
  return sql`with k as (${contractsCte(viewer, f)}),
    i as (
      select s.contract_id, s.amount_fen as amt, ${dueDay} as due_day,
        sum(s.amount_fen) over (partition by s.contract_id order by s.seq rows between unbounded preceding and current row) as cum
      from payment_schedule s join k on k.id = s.contract_id
      union all
      select k.id, k.amount_fen, (k.signed_at + ${sql.lit(off)}) / ${sql.lit(DAY_MS)}, k.amount_fen from k
      where not exists (select 1 from payment_schedule s where s.contract_id = k.id)
    ),
    p as (
      select p.contract_id, p.received_at,
        sum(p.amount_fen) over (partition by p.contract_id order by p.received_at, p.id rows between unbounded preceding and current row) as run
      from payments p join k on k.id = p.contract_id where p.amount_fen > 0${received}
    ),
    t as (select p.contract_id, max(p.run) as paid from p group by p.contract_id),
    st as (
      select i.contract_id, i.amt, i.cum, i.due_day,
        case when coalesce(t.paid, 0) >= i.cum then i.amt when coalesce(t.paid, 0) <= i.cum - i.amt then 0 else coalesce(t.paid, 0) - (i.cum - i.amt) end as paid_fen,
        min(p.received_at) as paid_at
      from i left join t on t.contract_id = i.contract_id left join p on p.contract_id = i.contract_id and p.run >= i.cum
      group by i.contract_id, i.amt, i.cum, i.due_day, t.paid
    )
    ${tail}`;
}

/**
 * Commissionable fen per owner for payments received in the period, from the read model: each payment's part of the
 * running total (refunds included) it moves inside [0, contract amount]. For a viewer who sees everything and no
 * filter but owner or team, the deals' contracts come from the period's roll-up cells (commission_cells, migration
 * 340: one row per owner) and only the contracts without a deal from payment_counted (an index range on the
 * receiving instant); otherwise the visible contracts' payment_counted rows.
 */
export async function commissionRows(db: Db, viewer: Viewer, f: ContractFilter, p: { key: string; start: number; end: number }) {
  const fromCells = scopeUsers(viewer) == null && !f.id && !f.customer && !f.opportunity && !f.signedBefore;
  const q = fromCells
    ? commissionFromCells(f, p)
    : sql<{ owner_id: unknown; collected: unknown; contracts: unknown }>`with k as (${contractsCte(viewer, f)})
    select k.owner_id, sum(pc.counted_fen) as collected, count(distinct pc.contract_id) as contracts
    from payment_counted pc join k on k.id = pc.contract_id where pc.received_at >= ${p.start} and pc.received_at < ${p.end}
    group by k.owner_id order by k.owner_id`;
  return (await run(db, q)).map((x) => ({ ownerId: n(x.owner_id), collectedFen: n(x.collected), contracts: n(x.contracts) }));
}

/** The cells of the period (deals' contracts, by deal owner) and the deal-less contracts live (by customer owner), per owner. */
function commissionFromCells(f: ContractFilter, p: { key: string; start: number; end: number }) {
  const ownerIs = (col: RawBuilder<unknown>) => {
    const w = [sql`1 = 1`];
    if (f.owner) w.push(sql`${col} = ${f.owner}`);
    if (f.team) w.push(sql`${col} in (select u.id from users u where u.team_id = ${f.team})`);
    return sql.join(w, sql` and `);
  };
  return sql<{
    owner_id: unknown;
    collected: unknown;
    contracts: unknown;
  }>`select x.owner_id, sum(x.collected) as collected, sum(x.contracts) as contracts from (
      select cc.owner_id, cc.counted_fen as collected, cc.contracts from commission_cells cc where cc.period = ${p.key} and ${ownerIs(sql`cc.owner_id`)}
      union all
      select c.owner_id, sum(pc.counted_fen), count(distinct pc.contract_id)
      from contracts k join customers c on c.id = k.customer_id join payment_counted pc on pc.contract_id = k.id
      where k.opportunity_id is null and pc.received_at >= ${p.start} and pc.received_at < ${p.end} and ${ownerIs(sql`c.owner_id`)}
      group by c.owner_id
    ) x group by x.owner_id order by x.owner_id`;
}
