/**
 * A/B of the conversion cohort on one PostgreSQL database (issue 10, read-only): the join of the quarter's opportunities
 * with their stage visits (the query before migration 280) against the grouping of their opportunity_reach rows, both
 * quarters as the report sends them, alternated five times; medians.
 *
 *   npx tsx bench/cohort-ab.ts postgres://postgres@127.0.0.1:5432/<database migrated to 280>
 */
import pg from "pg";
import { periodOf, previousPeriod } from "../src/core/dates";
const url = process.argv[2];
const c = new pg.Client({ connectionString: url });
await c.connect();
const P = Number((await c.query("select id from pipelines where kind='deal' and archived=0 order by id limit 1")).rows[0].id);
const st = (await c.query("select id, kind from stages where pipeline_id=$1 and archived_at is null order by position, id", [P])).rows;
const ladder = [...st.filter((s) => s.kind === "open"), ...st.filter((s) => s.kind === "won")];
const rank = (col: string) => `(case ${col} ${ladder.map((s, i) => `when ${s.id} then ${i + 1}`).join(" ")} else 0 end)`;
const now = Date.parse("2026-06-30T12:00:00+08:00");
const q = periodOf("quarter", now, "Asia/Shanghai"),
  pq = previousPeriod(q, "Asia/Shanghai");
const old = (a: number, b: number) => `select f.furthest, f.status, count(*) from (select o.id, o.status, max(${rank("v.stage_id")}) as furthest
  from opportunities o join stage_visits v on v.opportunity_id = o.id where o.pipeline_id = ${P} and o.created_at >= ${a} and o.created_at < ${b} group by o.id, o.status) f group by 1, 2`;
const neu = (a: number, b: number) =>
  `select r.stages, r.status, count(*) from opportunity_reach r where r.pipeline_id = ${P} and r.created_at >= ${a} and r.created_at < ${b} and r.stages is not null group by 1, 2`;
const time = async (f: typeof old) => {
  const t = performance.now();
  await c.query("begin");
  await c.query("set local work_mem='64MB'");
  const r1 = await c.query(f(q.start, q.end));
  await c.query(f(pq.start, pq.end));
  await c.query("commit");
  return [performance.now() - t, r1.rowCount] as const;
};
const rows = (await c.query(`select count(*) n from opportunity_reach where pipeline_id=${P} and created_at >= ${q.start} and created_at < ${q.end}`)).rows[0]
  .n;
console.log(`pipeline ${P}, cohort rows this quarter ${rows}`);
const a: number[] = [],
  b: number[] = [];
for (let i = 0; i < 5; i++) {
  a.push((await time(old))[0]);
  const [ms, groups] = await time(neu);
  b.push(ms);
  if (i === 0) console.log(`reach groups: ${groups}`);
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
console.log(`old visits join: median ${med(a).toFixed(0)} ms [${a.map((x) => x.toFixed(0)).join(", ")}]`);
console.log(`reach grouping:  median ${med(b).toFixed(0)} ms [${b.map((x) => x.toFixed(0)).join(", ")}]`);
await c.end();
