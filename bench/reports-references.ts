/**
 * The references of bench/reports-http.ts: for each report, the aggregate it needs hand-written as raw PostgreSQL
 * over the same tables (read models included), as literal SQL texts run one after another on the pg driver.
 * Reports without an entry print "—" (their cost is not dominated by one aggregate, or they read no read model).
 */
import { DAY_MS, localDate, type Period, periodOf, previousPeriod } from "../src/core/dates";
import type { Row } from "../src/db/schema";
import { monthOfDay, monthStartMs } from "../src/readmodels/month-sql";
import { splitWindow } from "../src/readmodels/order-cells";
import { resolveWindow } from "../src/tiering/window";
import { cashReferences } from "./cash-references";

export interface RefInput {
  P: number;
  now: number;
  tz: string;
  off: number;
  stages: Row<"stages">[];
  /** every open stage and every deal pipeline (funnel health's as-of totals, as the store sends them: literal lists) */
  openStageIds?: number[];
  dealPipelineIds?: number[];
}

export function references({ P, now, tz, off, stages, openStageIds, dealPipelineIds }: RefInput): Record<string, string[]> {
  const ladder = [...stages.filter((s) => s.kind === "open"), ...stages.filter((s) => s.kind === "won")];
  const open = stages
    .filter((s) => s.kind === "open")
    .map((s) => s.id)
    .join(",");
  const rank = (col: string) => `(case ${col} ${ladder.map((s, i) => `when ${s.id} then ${i + 1}`).join(" ")} else 0 end)`;
  const q = periodOf("quarter", now, tz),
    pq = previousPeriod(q, tz);
  const asOf = Date.parse("2026-02-01T00:00:00+08:00");
  const monthAt = (t: number) => monthOfDay(Math.floor((t + off) / DAY_MS));
  const asOfMonth = monthAt(asOf);
  const asOfMonthStart = monthStartMs(asOfMonth, off);
  const months: number[] = [];
  for (let p = periodOf("month", now, tz), i = 0; i < 12; i++, p = previousPeriod(p, tz)) months.unshift(p.start);
  months.push(periodOf("month", now, tz).end);
  const bucket = (col: string) =>
    `(case ${months
      .slice(1)
      .map((b, i) => `when ${col} < ${b} then ${i}`)
      .join(" ")} end)`;
  // the period's opportunities grouped by (stage set, status) on the opportunity_reach read model (the furthest rank of
  // a few hundred sets is read off the ladder in JS, as the store does)
  const cohort = (a: number, b: number) => `select r.stages, r.status, count(*) from opportunity_reach r
    where r.pipeline_id = ${P} and r.created_at >= ${a} and r.created_at < ${b} and r.stages is not null group by 1, 2`;
  // one grouping by opportunity with a flag per rank, then sums (a distinct count per rank sorts once per rank)
  const flow = (a: number, b: number) => `select ${ladder.map((_, i) => `sum(r${i + 1})`).join(", ")} from (select v.opportunity_id, ${ladder
    .map(
      (_, i) => `max(case when (case when v.enter_kind = 'create' then 0 else ${rank("v.from_stage_id")} end) < ${i + 1}
      and ${rank("v.stage_id")} >= ${i + 1} then 1 else 0 end) as r${i + 1}`,
    )
    .join(", ")}
    from stage_visits v where v.pipeline_id = ${P} and v.entered_at >= ${a} and v.entered_at < ${b} and v.enter_kind in ('create', 'advance', 'won')
    group by v.opportunity_id) f`;
  const bins = (
    a: number,
    b: number,
    bk: string,
  ) => `select v.stage_id, ${bk} as b, (v.left_at - v.entered_at) / 86400000 as d, count(*), sum(v.left_at - v.entered_at)
    from stage_visits v where v.pipeline_id = ${P} and v.left_at >= ${a} and v.left_at < ${b} and v.stage_id in (${open}) group by 1, 2, 3`;
  // Funnel health: open deals now (this month) and as of the previous month's end (stage visits), deals closed in
  // each month, and each month's new customers (the customer_first_deals read model).
  const deal = "pipeline_id in (select dp.id from pipelines dp where dp.kind = 'deal')";
  const closed = (a: number, b: number) => `select sum(case when o.status = 'won' then 1 else 0 end), sum(case when o.status = 'lost' then 1 else 0 end),
      sum(case when o.status = 'won' then o.amount_fen else 0 end), sum(case when o.status = 'won' then o.closed_at - o.created_at else 0 end)
    from opportunities o where o.status in ('won', 'lost') and o.closed_at >= ${a} and o.closed_at < ${b} and o.${deal}`;
  const firsts = (a: number, b: number) => `select count(*) from customer_first_deals where first_at >= ${a} and first_at < ${b}`;
  const health = (m: Period, zone: string) => {
    const pm = previousPeriod(m, zone);
    return [
      `select count(*), sum(o.amount_fen), sum(o.amount_fen * st.probability / 100.0), count(distinct o.customer_id)
      from opportunities o join stages st on st.id = o.stage_id where o.status = 'open' and o.${deal}`,
      `select count(*), sum(v.amount_fen), sum(v.amount_fen * st.probability / 100.0), count(distinct v.customer_id)
      from stage_visits v join stages st on st.id = v.stage_id where st.kind = 'open' and v.${deal}${
        openStageIds && dealPipelineIds ? ` and v.pipeline_id in (${dealPipelineIds.join(",")}) and v.stage_id in (${openStageIds.join(",")})` : ""
      }
        and coalesce(v.left_at, 9007199254740991) >= ${pm.end} and v.entered_at < ${pm.end}`,
      closed(m.start, m.end),
      closed(pm.start, pm.end),
      firsts(m.start, m.end),
      firsts(pm.start, pm.end),
    ];
  };
  const w = resolveWindow({}, now, tz, 12).window;
  const split = splitWindow(w.from, w.to, off);
  const edges = split.raw.map(([a, b]) => `(o.ordered_at >= ${a} and o.ordered_at < ${b})`).join(" or ") || "false";
  const totals = `select customer_id, sum(revenue), sum(cost), sum(orders), max(last_at) from (
      select cm.customer_id, cm.amount_fen as revenue, cm.cost_fen as cost, cm.orders, cm.last_at from customer_months cm
      where cm.month >= ${split.months?.[0] ?? 0} and cm.month < ${split.months?.[1] ?? 0}
      union all select o.customer_id, o.amount_fen, o.cost_fen, 1, o.ordered_at from orders o where ${edges}) t group by customer_id`;
  const customers = "select id, name, owner_id, size_band, credit_rating, prospect_rating, priority from customers";
  // the per-customer deal and activity facts (read models of migration 270; activities cut at the same offset)
  const openPipe = `select customer_id, open_amount_fen, open_weighted_pct, max_probability, earliest_close from customer_deal_facts where open_count > 0`;
  const activityEdges = split.raw.map(([a, b]) => `(done_at >= ${a} and done_at < ${b})`).join(" or ") || "false";
  const tiering = [totals, customers];
  // Forecast accuracy (admin): the last four closed quarters' won per owner in one pass over the closed-deal index, the
  // weekly snapshots and submissions of those quarters, and the sellers whose lines they roll into.
  const accuracyPeriods: Period[] = [];
  for (let p = previousPeriod(q, tz); accuracyPeriods.length < 4; p = previousPeriod(p, tz)) accuracyPeriods.unshift(p);
  const keys = accuracyPeriods.map((p) => `'${p.key}'`).join(", ");
  const accuracy = [
    `select owner_id, ${`(case ${accuracyPeriods.map((p, i) => `when closed_at < ${p.end} then ${i}`).join(" ")} end)`}, count(*), sum(amount_fen)
      from opportunities where status = 'won' and closed_at >= ${accuracyPeriods[0].start} and closed_at < ${accuracyPeriods[3].end} group by 1, 2`,
    `select * from forecast_snapshots where period in (${keys}) order by period, taken_at`,
    `select * from forecast_submissions where period in (${keys})`,
    `select id, department_id, name from users where active = 1 and role in ('rep', 'manager') order by id`,
  ];
  // Friday view (admin), the same work as the view: the quarter's forecast cells (read model forecast_cells), won
  // deals and sellers, last week's snapshot lines; the ten biggest weighted changes among the period's deals moved this
  // week (visits and stays; probability then from the first event since, ranked and cut in SQL); the committed deals at
  // risk (reasons, count, sum and the first 50 in SQL); the week's submissions; moved in / out / slipped: the week's
  // close_date_changes and their deals' details, the deals created this week and those lost without a change, each
  // counted, summed and cut to 100 in SQL.
  const since = now - 7 * DAY_MS,
    qFrom = localDate(q.start, tz),
    qTo = localDate(q.end, tz);
  const today = localDate(now, tz);
  const week = periodOf("week", now, tz).key;
  const details = `o.id, o.title, o.amount_fen, o.status, o.created_at, o.closed_at, o.expected_close_date, o.owner_id, u.name as owner_name, c.name as customer_name`;
  const withDetails = `from opportunities o join customers c on c.id = o.customer_id left join users u on u.id = o.owner_id`;
  const ranked = `, count(*) over (), sum(o.amount_fen) over ()`;
  // the window sums in a LIMIT-fenced derived table, ranked outside it (as the store does)
  const fence = `limit ${Number.MAX_SAFE_INTEGER}) o`;
  const inQuarter = `o.expected_close_date >= '${qFrom}' and o.expected_close_date < '${qTo}'`;
  const first = (col: string, dir = "") =>
    `(select e.${col} from stage_events e where e.opportunity_id = o.id and e.at >= ${since} order by e.at${dir}, e.id${dir} limit 1)`;
  const thenP = `(case when x.first_kind = 'create' or x.from_stage is null or ps.probability is null then 0 else ps.probability end)`;
  const nowP = `(case x.status when 'won' then 100 when 'lost' then 0 else coalesce(x.probability_override, x.probability) end)`;
  const raw = `(x.amount_fen * (${nowP} - ${thenP}))`;
  const delta = `(case when ${raw} >= 0 then (${raw} + 50) / 100 else -((49 - ${raw}) / 100) end)`;
  const friday = [
    `select owner_id, forecast_category, sum(deals), sum(amount_fen), sum(weighted_pct) from forecast_cells
      where close_month >= '${qFrom.slice(0, 7)}' and close_month < '${qTo.slice(0, 7)}' group by 1, 2`,
    `select owner_id, count(*), sum(amount_fen) from opportunities where status = 'won' and closed_at >= ${q.start} and closed_at < ${q.end} group by 1`,
    `select id, department_id, name from users where active = 1 and role in ('rep', 'manager') order by id`,
    `select * from forecast_snapshots where period = '${q.key}' and week < '${week}' order by period, taken_at`,
    `select x.*, ps.probability from (select o.id, o.title, o.owner_id, o.amount_fen, o.status, o.probability_override, s.probability,
        ${first("from_stage_id")} as from_stage, ${first("kind")} as first_kind, ${first("kind", " desc")} as last_kind
      from opportunities o join stages s on s.id = o.stage_id
      where o.id = any(array(select opportunity_id from stage_visits where entered_at >= ${since} and entered_at <= ${now}
        union select opportunity_id from stage_events where kind = 'stay' and at >= ${since} and at <= ${now}))
        and ((${inQuarter}) or (o.closed_at >= ${q.start} and o.closed_at < ${q.end})) limit ${Number.MAX_SAFE_INTEGER}) x
      left join stages ps on ps.id = x.from_stage
      where ${delta} <> 0 or (x.first_kind <> 'create' and x.from_stage is not null and ps.probability is not null and x.status in ('won', 'lost'))
      order by abs(${delta}) desc, x.id limit 10`,
    `select * from (select o.id, o.title, o.owner_id, o.amount_fen, o.expected_close_date, o.stage_entered_at, s.stall_days, s.name_zh, s.name_en, f.last_activity_at${ranked}
      from opportunities o join stages s on s.id = o.stage_id left join opportunity_facts f on f.opportunity_id = o.id
      where o.status = 'open' and o.forecast_category = 'commit' and ${inQuarter}
        and (o.expected_close_date < '${today}' or (s.stall_days is not null and ${now} - o.stage_entered_at > s.stall_days::bigint * ${DAY_MS})
          or coalesce(${now} - f.last_activity_at > ${14 * DAY_MS}, true)) ${fence}
      order by o.amount_fen desc, o.id limit 50`,
    `select count(*), sum(coalesce(adjusted_commit_fen, commit_fen)), sum(coalesce(adjusted_best_case_fen, best_case_fen)) from forecast_submissions
      where period = '${q.key}' and week = '${week}'`,
    `select opportunity_id, changed_at, audit_id, before_date, after_date from close_date_changes where changed_at >= ${since} and changed_at <= ${now}`,
    `select ${details} ${withDetails} where o.id in (select opportunity_id from close_date_changes where changed_at >= ${since} and changed_at <= ${now}) and o.created_at < ${since}`,
    `select * from (select ${details}${ranked} ${withDetails} where o.created_at >= ${since} and o.created_at <= ${now} and (o.status <> 'lost' or o.closed_at is null or o.closed_at < ${since})
      and ${inQuarter} ${fence} order by o.amount_fen desc, o.id limit 100`,
    `select * from (select ${details}${ranked} ${withDetails} where o.status = 'lost' and o.closed_at >= ${since} and o.closed_at <= ${now} and o.created_at < ${since} and ${inQuarter}
      and not exists (select 1 from close_date_changes m where m.opportunity_id = o.id and m.changed_at >= ${since} and m.changed_at <= ${now}) ${fence}
      order by o.amount_fen desc, o.id limit 100`,
  ];
  return {
    ...cashReferences(now, tz, off),
    "friday view": friday,
    "forecast accuracy": accuracy,
    funnel: [
      `select o.stage_id, count(*), sum(o.amount_fen) from opportunities o where o.pipeline_id = ${P} and o.status = 'open' and o.stage_id in (${open}) group by 1`,
    ],
    // whole months before the as-of month from the stage_visit_months roll-up (owner ids < 0: every owner, sharded), the as-of month's
    // entries and exits up to the instant from stage_visits (2026-02-01 00:00 is a month start: those are empty ranges)
    "funnel as of": [
      `select m.stage_id, sum(m.entered - m.left_n), sum(m.entered_fen - m.left_fen) from stage_visit_months m
      where m.pipeline_id = ${P} and m.owner_id < 0 and m.stage_id in (${open}) and m.month < ${asOfMonth} group by 1`,
      `select v.stage_id, count(*), sum(v.amount_fen) from stage_visits v where v.pipeline_id = ${P} and v.entered_at >= ${asOfMonthStart} and v.entered_at < ${asOf} and v.stage_id in (${open}) group by 1`,
      `select v.stage_id, count(*), sum(v.amount_fen) from stage_visits v where v.pipeline_id = ${P} and v.left_at >= ${asOfMonthStart} and v.left_at < ${asOf} and v.stage_id in (${open}) group by 1`,
    ],
    // velocity: the open deals now (count, amount, weighted, customers) and the deals closed in the last 365 days
    velocity: [
      `select count(*), sum(o.amount_fen), sum(o.amount_fen * st.probability / 100.0), count(distinct o.customer_id)
      from opportunities o join stages st on st.id = o.stage_id where o.status = 'open' and o.${deal}`,
      closed(now - 365 * DAY_MS, now),
    ],
    // sources: the quarter's new deals per source and what became of them
    sources: [
      `select o.source, count(*), sum(o.amount_fen), sum(case when o.status = 'won' then 1 else 0 end), sum(case when o.status = 'won' then o.amount_fen else 0 end),
        sum(case when o.status = 'lost' then 1 else 0 end), sum(case when o.status = 'won' then o.closed_at - o.created_at else 0 end)
      from opportunities o where o.created_at >= ${q.start} and o.created_at < ${q.end} and o.${deal} group by 1`,
    ],
    "conversion cohort": [cohort(q.start, q.end), cohort(pq.start, pq.end)],
    "funnel health": health(periodOf("month", now, tz), tz),
    "conversion flow": [flow(q.start, q.end), flow(pq.start, pq.end)],
    // cycle time: the twelve whole months from the stage_visit_days roll-up (owner ids < 0: every owner, sharded), per month and day
    "cycle time": [
      `select m.stage_id, m.month, m.days, sum(m.n), sum(m.sum_ms) from stage_visit_days m where m.pipeline_id = ${P} and m.owner_id < 0
      and m.stage_id in (${open}) and m.month >= ${monthAt(months[0])} and m.month < ${monthAt(months[12])} group by 1, 2, 3`,
      `select ${bucket("o.closed_at")}, (o.closed_at - o.created_at) / 86400000, count(*) from opportunities o where o.status = 'won' and o.pipeline_id = ${P} and o.closed_at >= ${months[0]} and o.closed_at < ${months[12]} group by 1, 2`,
    ],
    // stalled: the last 365 days' visits — whole months from stage_visit_days, the partial months at both ends from stage_visits
    stalled: [
      `select m.stage_id, m.days, sum(m.n), sum(m.sum_ms) from stage_visit_days m where m.pipeline_id = ${P} and m.owner_id < 0
      and m.stage_id in (${open}) and m.month >= ${monthAt(now - 365 * DAY_MS) + 1} and m.month < ${monthAt(now)} group by 1, 2`,
      bins(now - 365 * DAY_MS, monthStartMs(monthAt(now - 365 * DAY_MS) + 1, off), "0"),
      bins(monthStartMs(monthAt(now), off), now, "0"),
      `select o.id, o.title, o.stage_id, o.owner_id, o.amount_fen, o.stage_entered_at from opportunities o where o.pipeline_id = ${P} and o.status = 'open' and o.stage_entered_at < ${now - 30 * DAY_MS} order by o.stage_entered_at, o.id limit 200`,
    ],
    pareto: tiering,
    pyramid: tiering,
    grades: tiering,
    rfm: tiering,
    priority: [...tiering, openPipe],
    kaism: [
      ...tiering,
      totals.replaceAll(String(w.from), String(w.from - 365 * DAY_MS)),
      `select customer_id, won, lost from customer_deal_facts where won + lost > 0`,
      `select customer_id, sum(n) from (select customer_id, done as n from customer_activity_months
        where month >= ${split.months?.[0] ?? 0} and month < ${split.months?.[1] ?? 0}
        union all select customer_id, 1 from activities where ${activityEdges}) x group by 1`,
    ],
    "key accounts": [...tiering, openPipe, `select customer_id from customer_deal_facts where won > 0`],
    retention: [
      `with a as (select customer_id, month as m from customer_months where first_at < ${w.to}), f as (select customer_id, min(m) as m0 from a group by 1)
      select f.m0, a.m, count(*) from a join f using (customer_id) group by 1, 2`,
      // engagement: done activities of the window from customer_activity_months (whole months) and the edge months' activities
      `select count(*), sum(case when n.k > 0 then 1 else 0 end), coalesce(sum(n.k), 0) from customers c left join (
        select customer_id, sum(n) as k from (select customer_id, done as n from customer_activity_months
          where month >= ${split.months?.[0] ?? 0} and month < ${split.months?.[1] ?? 0}
          union all select customer_id, 1 from activities where ${activityEdges}) x group by 1) n on n.customer_id = c.id`,
    ],
    clv: [
      `select customer_id, min(first_day), max(last_day), sum(days), sum(amount_fen) from customer_months where month < ${split.months?.[1] ?? 0} group by 1`,
    ],
  };
}
