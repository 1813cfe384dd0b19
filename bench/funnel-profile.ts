/**
 * Where the funnel reports spend their time (issue 10): runs each report as admin, the median rep and the largest team's
 * manager on one PostgreSQL database (read-only: one report transaction each), and prints every statement it sent
 * with its time; `--explain` adds EXPLAIN (ANALYZE, BUFFERS) of each statement slower than `--slow` ms (default 20).
 *
 *   npx tsx bench/funnel-profile.ts --pg postgres://postgres@127.0.0.1:5432/jindou_bench_team [--now 2026-06-30]
 *     [--only "funnel as of,funnel health"] [--who rep,manager] [--explain] [--slow 20]
 */
import { Kysely, type LogEvent, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Viewer } from "../src/access/viewer";
import type { Database } from "../src/db/schema";
import type { Db } from "../src/db/connect";
import "../src/db/connect";
import { inReportTx } from "../src/db/report-tx";
import { conversionFor, type Ctx, cycleFor, healthFor, snapshotFor, stalledFor, velocityFor } from "../src/funnel/reports";
import { loadViewer } from "../src/http/auth";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const url = arg("pg") ?? "postgres://postgres@127.0.0.1:5432/jindou_bench_team";
const NOW = Date.parse(`${arg("now") ?? "2026-06-30"}T12:00:00+08:00`);
const ONLY = arg("only")?.split(",");
const WHO = (arg("who") ?? "admin,rep,manager").split(",");
const EXPLAIN = process.argv.includes("--explain");
const SLOW = Number(arg("slow") ?? 20);

const REPORTS: Array<[string, (c: Ctx) => Promise<unknown>]> = [
  ["funnel", (c) => snapshotFor(c, {})],
  ["funnel as of", (c) => snapshotFor(c, { asOf: "2026-01-31" })],
  ["conversion cohort", (c) => conversionFor(c, {})],
  ["conversion flow", (c) => conversionFor(c, { view: "flow" })],
  ["cycle time", (c) => cycleFor(c, {})],
  ["stalled", (c) => stalledFor(c, { limit: 200 })],
  ["funnel health", (c) => healthFor(c, {})],
  ["velocity", (c) => velocityFor(c, {})],
];

type Q = { sql: string; params: readonly unknown[]; ms: number };
let log: Q[] = [];
const pool = new pg.Pool({ connectionString: url, max: 2 });
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log: (e: LogEvent) => {
    if (e.level === "query") log.push({ sql: e.query.sql, params: e.query.parameters, ms: e.queryDurationMillis });
  },
}) as Db;

async function viewers(): Promise<Record<string, Viewer>> {
  const rep = await sql<{ id: number }>`select u.id, count(*) as n from opportunities o join users u on u.id = o.owner_id
    where u.role = 'rep' group by u.id order by n`.execute(db);
  const mgr = await sql<{ id: number }>`select m.id, count(*) as n from users m join users u on u.team_id = m.team_id
    where m.role = 'manager' group by m.id order by n desc limit 1`.execute(db);
  const admin = await sql<{ id: number }>`select id from users where role = 'admin' order by id limit 1`.execute(db);
  const out: Record<string, Viewer> = {};
  out.admin = (await loadViewer(db, Number(admin.rows[0].id), NOW)) as Viewer;
  out.rep = (await loadViewer(db, Number(rep.rows[Math.floor(rep.rows.length / 2)].id), NOW)) as Viewer;
  out.manager = (await loadViewer(db, Number(mgr.rows[0].id), NOW)) as Viewer;
  return out;
}

const inline = (q: Q) =>
  q.sql.replace(/\$(\d+)/g, (_, i) => {
    const v = q.params[Number(i) - 1];
    return typeof v === "number" || typeof v === "bigint" ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  });

async function main() {
  const vs = await viewers();
  for (const [name, run] of REPORTS) {
    if (ONLY && !ONLY.some((o) => name === o)) continue;
    for (const who of WHO) {
      log = [];
      const t = performance.now();
      await inReportTx(db, "64MB", (tx) => run({ db: tx as Db, scope: { viewer: vs[who], filters: {} }, now: NOW, tz: "Asia/Shanghai" }));
      const ms = performance.now() - t;
      console.log(`\n== ${name} as ${who}: ${ms.toFixed(0)} ms`);
      for (const q of log) {
        if (/^(begin|commit|set )/i.test(q.sql)) continue;
        console.log(`  ${q.ms.toFixed(1).padStart(8)} ms  ${inline(q).replace(/\s+/g, " ").slice(0, 260)}`);
        if (EXPLAIN && q.ms >= SLOW) {
          const c = await pool.connect();
          try {
            await c.query("begin read only");
            await c.query("set local work_mem = '64MB'");
            const r = await c.query(`explain (analyze, buffers) ${inline(q)}`);
            console.log(r.rows.map((x) => `      ${x["QUERY PLAN"]}`).join("\n"));
          } finally {
            await c.query("rollback");
            c.release();
          }
        }
      }
    }
  }
  await db.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
