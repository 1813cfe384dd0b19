/**
 * The references of the cash reports for bench/reports-http.ts: signed customers, receivables and commission as the
 * admin would get them, hand-written as PostgreSQL over the cash read model (contract_cash, instalment_open,
 * payment_counted; migration 260; signed_customers, migration 300; commission_cells, migration 340) joined to contracts and customers (and
 * opportunities where the owner matters),
 * run after `set jit = off`. `scanReferences` keeps the former references over the source tables (running sums).
 */
import { DAY_MS, localDate, parsePeriod } from "../src/core/dates";

/** Per instalment: amount, cumulative amount, due day, paid fen and the instant it was paid in full. */
const states = (off: number, received: string) => `with i as (
    select contract_id, amount_fen as amt, (cast(due_date as date) - date '1970-01-01') as due_day,
      sum(amount_fen) over (partition by contract_id order by seq) as cum from payment_schedule
    union all
    select k.id, k.amount_fen, (k.signed_at + ${off}) / ${DAY_MS}, k.amount_fen from contracts k where not exists (select 1 from payment_schedule s where s.contract_id = k.id)
  ), p as (
    select contract_id, received_at, sum(amount_fen) over (partition by contract_id order by received_at, id) as run from payments where amount_fen > 0 ${received}
  ), t as (select contract_id, max(run) as paid from p group by 1),
  st as (
    select i.contract_id, i.amt, i.cum, i.due_day, least(i.amt, greatest(0, coalesce(t.paid, 0) - (i.cum - i.amt))) as paid_fen, min(p.received_at) as paid_at
    from i left join t using (contract_id) left join p on p.contract_id = i.contract_id and p.run >= i.cum group by 1, 2, 3, 4, t.paid
  )`;

const todayDay = (now: number, tz: string) => {
  const today = localDate(now, tz);
  return Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))) / DAY_MS;
};

const buckets = (
  age: string,
  open: string,
) => `sum(case when ${age} <= 0 then ${open} else 0 end), sum(case when ${age} between 1 and 30 then ${open} else 0 end),
        sum(case when ${age} between 31 and 60 then ${open} else 0 end), sum(case when ${age} between 61 and 90 then ${open} else 0 end),
        sum(case when ${age} > 90 then ${open} else 0 end)`;

export function cashReferences(now: number, tz: string, _off: number): Record<string, string[]> {
  const day = todayDay(now, tz);
  const q = parsePeriod("2026-Q2", tz)!;
  return {
    // the counts over signed_customers (migration 300) and the first page of 200 customers, as GET /reports/signed-customers answers
    "signed customers": [
      "set jit = off",
      `select count(*), sum(signed), sum(case when signed = 1 and qualified = 1 and paid_late = 0 and coalesce(open_due_day, ${day}) >= ${day} then 1 else 0 end)
      from signed_customers`,
      `select s.customer_id, c.name, s.contracts, s.signed, s.qualified, s.paid_late = 1 or coalesce(s.open_due_day, ${day}) < ${day}, s.collected_fen, s.outstanding_fen
      from signed_customers s join customers c on c.id = s.customer_id order by s.first_contract_id limit 201`,
    ],
    // the total line over every open instalment, and the first page of 200 customers (largest outstanding first,
    // through signed_customers' outstanding index, migration 400) with their buckets, as GET /reports/receivables answers
    receivables: [
      "set jit = off",
      `select ${buckets(`(${day} - io.due_day)`, "io.open_fen")}, sum(io.open_fen)
      from instalment_open io join contracts k on k.id = io.contract_id where k.signed_at <= ${now}`,
      `with pg as (select customer_id, outstanding_fen from signed_customers where outstanding_fen > 0 order by outstanding_fen desc, customer_id desc limit 201)
      select pg.customer_id, c.name, ${buckets(`(${day} - io.due_day)`, "io.open_fen")}, pg.outstanding_fen
      from pg join customers c on c.id = pg.customer_id join contracts k on k.customer_id = pg.customer_id join instalment_open io on io.contract_id = k.id
      group by pg.customer_id, pg.outstanding_fen, c.name order by pg.outstanding_fen desc, pg.customer_id desc`,
    ],
    // the period's roll-up cells (migration 340) and the deal-less contracts' counted payments, per owner
    commission: [
      "set jit = off",
      `select owner_id, sum(collected), sum(contracts) from (
        select owner_id, counted_fen as collected, contracts from commission_cells where period = '${q.key}'
        union all
        select c.owner_id, sum(pc.counted_fen), count(distinct pc.contract_id) from contracts k join customers c on c.id = k.customer_id
          join payment_counted pc on pc.contract_id = k.id
        where k.opportunity_id is null and pc.received_at >= ${q.start} and pc.received_at < ${q.end} group by 1
      ) x group by 1 order by 1`,
    ],
  };
}

/** The same answers from the source tables alone (the references before migration 260), for the before/after columns. */
export function scanReferences(now: number, tz: string, off: number): Record<string, string[]> {
  const day = todayDay(now, tz);
  const q = parsePeriod("2026-Q2", tz)!;
  const age = `(${day} - st.due_day)`;
  return {
    "signed customers": [
      "set jit = off",
      `${states(off, "")}, cs as (
        select contract_id, bool_or(cum = amt and paid_fen = amt) as signed, bool_and(paid_fen = amt) as full,
          bool_or(case when paid_at is not null then (paid_at + ${off}) / ${DAY_MS} > due_day else due_day < ${day} end) as late,
          sum(paid_fen) as collected, sum(amt - paid_fen) as outstanding from st group by 1)
      select k.customer_id, c.name, count(*), bool_or(cs.signed), bool_or(cs.full and not cs.late), bool_or(cs.late), sum(cs.collected), sum(cs.outstanding)
      from cs join contracts k on k.id = cs.contract_id join customers c on c.id = k.customer_id group by 1, 2 order by min(k.id)`,
    ],
    receivables: [
      "set jit = off",
      `${states(off, `and received_at < ${now + 1}`)}
      select k.customer_id, min(c.name), ${buckets(age, "(amt - paid_fen)")}, sum(amt - paid_fen) as total
      from st join contracts k on k.id = st.contract_id join customers c on c.id = k.customer_id
      where paid_fen < amt and k.signed_at <= ${now} group by 1 order by total desc, min(k.id)`,
    ],
    commission: [
      "set jit = off",
      `with w as (select distinct contract_id from payments where received_at >= ${q.start} and received_at < ${q.end}),
      pp as (select p.contract_id, p.received_at, p.amount_fen, sum(p.amount_fen) over (partition by p.contract_id order by p.received_at, p.id) as after
        from payments p join w using (contract_id) where p.received_at < ${q.end}),
      x as (select k.id, coalesce(o.owner_id, c.owner_id) as owner_id,
          least(k.amount_fen, greatest(0, pp.after)) - least(k.amount_fen, greatest(0, pp.after - pp.amount_fen)) as counted
        from pp join contracts k on k.id = pp.contract_id join customers c on c.id = k.customer_id left join opportunities o on o.id = k.opportunity_id
        where pp.received_at >= ${q.start})
      select owner_id, sum(counted), count(distinct id) from x where counted <> 0 group by 1 order by 1`,
    ],
  };
}
