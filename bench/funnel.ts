/**
 * Funnel and planning reports on enterprise-scale demo data (1M opportunities, ~5M stage events), on SQLite and
 * PostgreSQL, each timed beside the same aggregate written by hand as ONE raw SQL query run on the raw driver
 * (better-sqlite3 / pg). Prints the median of `--runs` runs and the ratio report ÷ raw.
 *
 *   npx tsx src/cli/main.ts demo --scale enterprise --seed 1 --now 2026-06-15 --database /tmp/ent.db
 *   npx tsx src/cli/main.ts demo --scale enterprise --seed 1 --now 2026-06-15 --database postgres://…/jindou_bench
 *   npx tsx bench/funnel.ts --sqlite /tmp/ent.db --postgres postgres://…/jindou_bench [--runs 3] [--only conversion]
 */
import SQLite from "better-sqlite3";
import pg from "pg";
import { openDb } from "../src/db/connect";
import { parsePeriod, periodOf, previousPeriod } from "../src/core/dates";
import type { Viewer } from "../src/access/viewer";
import { conversionFor, type Ctx, cycleFor, healthFor, snapshotFor, sourcesFor, stalledFor, velocityFor } from "../src/funnel/reports";
import { loadLadder } from "../src/funnel/store-scope";
import { balanceFor } from "../src/planning/reports";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(arg("runs") ?? 3);
const ONLY = arg("only");
const NOW = Date.parse(`${arg("now") ?? "2026-06-15"}T12:00:00+08:00`);
const TZ = "Asia/Shanghai";
const DAY = 86_400_000;

interface Case {
  name: string;
  report: (c: Ctx) => Promise<unknown>;
  raw: string;
}

/** The same aggregates by hand. Literals are inlined (all numbers), so one text serves both engines. */
function cases(P: number): Case[] {
  const q = parsePeriod("2026-Q1", TZ)!;
  const pq = previousPeriod(q, TZ);
  const asOf = parsePeriod("2026-01", TZ)!.end;
  const month = periodOf("month", NOW, TZ);
  const pmonth = previousPeriod(month, TZ);
  const rank = (s: string) => `(case when ${s}.kind = 'won' then 1000000 when ${s}.kind = 'open' then ${s}.position else -1 end)`;
  // cycle: the last 12 months as buckets
  const months: number[] = [];
  for (let p = periodOf("month", NOW, TZ), i = 0; i < 12; i++, p = previousPeriod(p, TZ)) months.unshift(p.start);
  months.push(month.end);
  const bucket = (col: string) =>
    `(case ${months
      .slice(1)
      .map((b, i) => `when ${col} < ${b} then ${i}`)
      .join(" ")} end)`;
  const cur = periodOf("quarter", NOW, TZ);
  const balStart = periodOf("quarter", cur.start - 300 * DAY, TZ).start;
  const visits = (from: number, to: number) => `select e.to_stage_id as stage_id, e.at as entered_at,
      lead(e.at) over (partition by e.opportunity_id order by e.at, e.id) as left_at
    from stage_events e join opportunities o on o.id = e.opportunity_id
    where o.pipeline_id = ${P} and e.kind <> 'stay' and e.at < ${to} and (o.status = 'open' or o.closed_at is null or o.closed_at >= ${from})`;
  const cohort = (from: number, split: number, to: number) => `select c.p, c.furthest, c.status, count(*) as n from (
      select case when o.created_at >= ${split} then 1 else 0 end as p, o.status, max(${rank("s")}) as furthest
      from opportunities o join stage_events e on e.opportunity_id = o.id join stages s on s.id = e.to_stage_id
      where o.pipeline_id = ${P} and o.created_at >= ${from} and o.created_at < ${to} group by o.id, o.status, o.created_at) c
    group by c.p, c.furthest, c.status`;
  const openAt = (T: number) => `select o.customer_id, o.amount_fen,
      (select e.to_stage_id from stage_events e where e.opportunity_id = o.id and e.at < ${T} order by e.at desc, e.id desc limit 1) as stage_id
    from opportunities o where o.pipeline_id = ${P} and o.created_at < ${T} and (o.status = 'open' or o.closed_at is null or o.closed_at >= ${T})`;
  const list: Case[] = [
    {
      name: "funnel (now)",
      report: (c) => snapshotFor(c, {}),
      raw: `select o.stage_id, count(*), sum(o.amount_fen) from opportunities o join stages s on s.id = o.stage_id where o.pipeline_id = ${P} and o.status = 'open' and s.kind = 'open' group by o.stage_id`,
    },
    {
      name: "funnel (as of 2026-01-31)",
      report: (c) => snapshotFor(c, { asOf: "2026-01-31" }),
      raw: `select x.stage_id, count(*), sum(x.amount_fen) from (${openAt(asOf)}) x join stages s on s.id = x.stage_id where s.kind = 'open' group by x.stage_id`,
    },
    { name: "conversion cohort 2026-Q1 + previous", report: (c) => conversionFor(c, { period: "2026-Q1" }), raw: cohort(pq.start, q.start, q.end) },
    {
      name: "conversion flow 2026-Q1 + previous",
      report: (c) => conversionFor(c, { period: "2026-Q1", view: "flow" }),
      raw: `select case when e.at >= ${q.start} then 1 else 0 end as p, k.id, count(distinct e.opportunity_id)
        from stage_events e join opportunities o on o.id = e.opportunity_id join stages ts on ts.id = e.to_stage_id
        left join stages fs on fs.id = e.from_stage_id
        join stages k on k.pipeline_id = ${P} and k.kind <> 'lost'
          and ${rank("k")} > (case when e.kind = 'create' then -1 else ${rank("fs")} end) and ${rank("k")} <= ${rank("ts")}
        where o.pipeline_id = ${P} and e.at >= ${pq.start} and e.at < ${q.end} and e.kind in ('create', 'advance', 'won')
        group by case when e.at >= ${q.start} then 1 else 0 end, k.id`,
    },
    {
      name: "cycle-time (12 months)",
      report: (c) => cycleFor(c, {}),
      raw: `select v.stage_id, ${bucket("v.left_at")} as b, (v.left_at - v.entered_at) / 86400000 as d, count(*), sum(v.left_at - v.entered_at)
        from (${visits(months[0], months[12])}) v join stages s on s.id = v.stage_id
        where v.left_at >= ${months[0]} and v.left_at < ${months[12]} and s.kind = 'open'
        group by v.stage_id, ${bucket("v.left_at")}, (v.left_at - v.entered_at) / 86400000
        union all
        select null, ${bucket("o.closed_at")}, (o.closed_at - o.created_at) / 86400000, count(*), sum(o.closed_at - o.created_at)
        from opportunities o where o.pipeline_id = ${P} and o.status = 'won' and o.closed_at >= ${months[0]} and o.closed_at < ${months[12]}
        group by ${bucket("o.closed_at")}, (o.closed_at - o.created_at) / 86400000`,
    },
    {
      name: "stalled",
      report: (c) => stalledFor(c, { limit: 200 }),
      raw: `with v as (select x.stage_id, (x.left_at - x.entered_at) / 86400000 as d from (${visits(NOW - 365 * DAY, NOW)}) x
            where x.left_at >= ${NOW - 365 * DAY} and x.left_at < ${NOW}),
          r as (select stage_id, d, row_number() over (partition by stage_id order by d) as rn, count(*) over (partition by stage_id) as n from v),
          t as (select stage_id, min(d) as thr from r where rn * 10 >= n * 9 group by stage_id)
        select o.stage_id, count(*) from opportunities o join stages s on s.id = o.stage_id left join t on t.stage_id = o.stage_id
        where o.pipeline_id = ${P} and o.status = 'open' and o.stage_entered_at < ${NOW} - coalesce(s.stall_days, t.thr) * 86400000
        group by o.stage_id`,
    },
    {
      name: "velocity",
      report: (c) => velocityFor(c, {}),
      raw: `select (select count(*) from opportunities o where o.pipeline_id = ${P} and o.status = 'open') as open_n,
          sum(case when o.status = 'won' then 1 else 0 end), sum(case when o.status = 'lost' then 1 else 0 end),
          sum(case when o.status = 'won' then o.amount_fen else 0 end), sum(case when o.status = 'won' then o.closed_at - o.created_at else 0 end)
        from opportunities o where o.pipeline_id = ${P} and o.status in ('won', 'lost') and o.closed_at >= ${NOW - 365 * DAY} and o.closed_at < ${NOW}`,
    },
    {
      name: "sources 2026-Q1",
      report: (c) => sourcesFor(c, { period: "2026-Q1" }),
      raw: `select o.source, count(*), sum(o.amount_fen), sum(case when o.status = 'won' then 1 else 0 end), sum(case when o.status = 'won' then o.amount_fen else 0 end),
          sum(case when o.status = 'lost' then 1 else 0 end), sum(case when o.status = 'won' then o.closed_at - o.created_at else 0 end)
        from opportunities o where o.pipeline_id = ${P} and o.created_at >= ${q.start} and o.created_at < ${q.end} group by o.source`,
    },
    {
      name: "funnel-health (this month + previous)",
      report: (c) => healthFor(c, {}),
      raw: `select
          (select count(distinct o.customer_id) from opportunities o where o.pipeline_id = ${P} and o.status = 'open'),
          (select sum(o.amount_fen * s.probability / 100.0) from opportunities o join stages s on s.id = o.stage_id where o.pipeline_id = ${P} and o.status = 'open'),
          (select count(distinct x.customer_id) from (${openAt(pmonth.end)}) x join stages s on s.id = x.stage_id where s.kind = 'open'),
          (select count(*) from (select o.customer_id from opportunities o where o.pipeline_id = ${P} group by o.customer_id
             having min(o.created_at) >= ${pmonth.start} and min(o.created_at) < ${month.end}) c),
          (select sum(case when o.status = 'won' then 1 else 0 end) from opportunities o where o.pipeline_id = ${P} and o.status in ('won', 'lost')
             and o.closed_at >= ${pmonth.start} and o.closed_at < ${month.end})`,
    },
    {
      name: "balance (measured, 4 quarters)",
      report: (c) =>
        balanceFor(
          { db: c.db, viewer: c.scope.viewer, filters: c.scope.filters, now: c.now, tz: c.tz },
          { target: "300万", averageContract: "3万", unit: "amount", probability: "measured" },
        ),
      raw: cohort(balStart, balStart, cur.start),
    },
  ];
  return list.filter((k) => !ONLY || k.name.includes(ONLY));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(f: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

async function bench(url: string) {
  const h = openDb(url);
  const admin = await h.db.selectFrom("users").selectAll().where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
  const viewer: Viewer = { id: admin.id, role: "admin", teamId: null, name: admin.name, email: admin.email, locale: "zh-CN" };
  const { pipelineId } = await loadLadder(h.db);
  const counts = await h.db
    .selectFrom("opportunities")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("pipeline_id", "=", pipelineId)
    .executeTakeFirstOrThrow();
  const events = await h.db
    .selectFrom("stage_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  console.log(
    `\n${h.kind}: pipeline ${pipelineId} holds ${Number(counts.n).toLocaleString("en-US")} opportunities; ${Number(events.n).toLocaleString("en-US")} stage events in all; median of ${RUNS}`,
  );
  const rawRun: (s: string) => Promise<unknown> =
    h.kind === "postgres"
      ? await (async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          process.on("beforeExit", () => c.end());
          return (s: string) => c.query(s);
        })()
      : (() => {
          const s = new SQLite(h.location, { readonly: true });
          return async (q: string) => s.prepare(q).all();
        })();
  const ctx: Ctx = { db: h.db, scope: { viewer, filters: { pipeline: pipelineId } }, now: NOW, tz: TZ };
  console.log(`${"report".padEnd(40)} ${"report ms".padStart(10)} ${"raw SQL ms".padStart(11)} ${"ratio".padStart(6)}`);
  for (const k of cases(pipelineId)) {
    await k.report(ctx); // warm caches once
    const a = await time(() => k.report(ctx));
    const b = await time(() => rawRun(k.raw));
    console.log(`${k.name.padEnd(40)} ${a.toFixed(0).padStart(10)} ${b.toFixed(0).padStart(11)} ${(a / b).toFixed(2).padStart(6)}`);
  }
  await h.close();
}

const urls = [arg("sqlite"), arg("postgres")].filter((u): u is string => !!u);
if (!urls.length) {
  console.error("give --sqlite <file> and/or --postgres <url> of an enterprise demo database");
  process.exit(1);
}
for (const u of urls) await bench(u);
process.exit(0);
