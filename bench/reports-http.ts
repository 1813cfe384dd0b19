/**
 * Every report of docs/ over HTTP on PostgreSQL (issue 10): admin cold (first call after a data change), admin warm,
 * one rep cold, a manager (team scope) cold, and the same admin cold on a team-scale database, each beside a
 * reference — the same aggregate hand-written as raw SQL over the same tables (read-model tables included), run on
 * the raw pg driver in the same run — as a ratio. Event-loop delay p99 of the server's thread while reports run and
 * the peak RSS of the process (server and client share it) are printed at the end.
 *
 *   createdb -h 127.0.0.1 -U postgres jindou_bench_ent
 *   nice npx jindou demo --scale enterprise --seed 1 --now 2026-06-30 --database postgres://postgres@127.0.0.1:5432/jindou_bench_ent
 *   createdb -h 127.0.0.1 -U postgres jindou_bench_team
 *   npx jindou demo --scale team --seed 1 --now 2026-06-30 --database postgres://postgres@127.0.0.1:5432/jindou_bench_team
 *   npx tsx bench/reports-http.ts --pg postgres://postgres@127.0.0.1:5432/jindou_bench_ent \
 *     --team postgres://postgres@127.0.0.1:5432/jindou_bench_team [--now 2026-06-30] [--only pareto,clv]
 *
 * A database without read models (generated before migration 065) is migrated and rebuilt on open.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { openForCli } from "../src/cli/context";
import { buildApp } from "../src/http/app";
import { createApiToken } from "../src/http/auth";
import { monthsOffset } from "../src/readmodels/customer-months";
import { references } from "./reports-references";
import { computePool } from "../src/workers/pool";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DATE = arg("now") ?? "2026-06-30";
const NOW = Date.parse(`${DATE}T12:00:00+08:00`);
const TZ = "Asia/Shanghai";
const ONLY = arg("only")?.split(",");

/** The reports of docs/ (funnel.md, key-customers.md, forecasting.md, api-core.md), as GET paths under /api/v1. */
export const REPORTS: Array<{ name: string; path: string }> = [
  { name: "funnel", path: "/reports/funnel" },
  { name: "funnel as of", path: "/reports/funnel?asOf=2026-01-31" },
  { name: "conversion cohort", path: "/reports/conversion" },
  { name: "conversion flow", path: "/reports/conversion?view=flow" },
  { name: "cycle time", path: "/reports/cycle-time" },
  { name: "stalled", path: "/reports/stalled" },
  { name: "funnel health", path: "/reports/funnel-health" },
  { name: "velocity", path: "/reports/velocity" },
  { name: "sources", path: "/reports/sources" },
  { name: "friday view", path: "/reports/forecast/friday" },
  { name: "forecast accuracy", path: "/reports/forecast/accuracy" },
  { name: "pareto", path: "/reports/pareto" },
  { name: "pyramid", path: "/reports/pyramid" },
  { name: "grades", path: "/reports/grades" },
  { name: "rfm", path: "/reports/rfm" },
  { name: "kaism", path: "/reports/kaism" },
  { name: "key accounts", path: "/reports/key-accounts" },
  { name: "priority", path: "/reports/priority" },
  { name: "signed customers", path: "/reports/signed-customers" },
  { name: "retention", path: "/reports/retention" },
  { name: "clv", path: "/reports/clv" },
  { name: "receivables", path: "/reports/receivables" },
  { name: "commission", path: "/reports/commission?period=2026-Q2&rateBp=300" },
];

interface Server {
  url: string;
  tokens: Record<"admin" | "rep" | "manager", string>;
  raw: pg.Pool;
  bump(): Promise<void>;
  close(): Promise<void>;
  refs: ReturnType<typeof references>;
  repShare: number;
  managerShare: number;
}

async function start(url: string): Promise<Server> {
  const { handle, config } = await openForCli(url);
  const app = await buildApp({ handle, config: { ...config, TZ_ORG: TZ }, now: () => NOW, logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  // Start the compute pool's worker before measuring (a server starts it once, on its first heavy report).
  await computePool().run("spin", { ms: 1 });
  const db = handle.db;
  // The rep with the median number of opportunities, and the manager of the largest team.
  const reps = await db
    .selectFrom("opportunities as o")
    .innerJoin("users as u", "u.id", "o.owner_id")
    .where("u.role", "=", "rep")
    .select(["u.id", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("u.id")
    .orderBy("n")
    .execute();
  const rep = reps[Math.floor(reps.length / 2)];
  const total = reps.reduce((s, r) => s + Number(r.n), 0);
  const admin = await db.selectFrom("users").select("id").where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
  const manager = await db
    .selectFrom("users as m")
    .innerJoin("users as u", "u.team_id", "m.team_id")
    .where("m.role", "=", "manager")
    .select(["m.id", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("m.id")
    .orderBy("n", "desc")
    .executeTakeFirstOrThrow();
  const managerOpps = await db
    .selectFrom("opportunities as o")
    .innerJoin("users as u", "u.id", "o.owner_id")
    .where("u.team_id", "=", (eb) => eb.selectFrom("users").select("team_id").where("id", "=", manager.id))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const tokens = {
    admin: await createApiToken(db, admin.id, "bench", NOW),
    rep: await createApiToken(db, rep.id, "bench", NOW),
    manager: await createApiToken(db, manager.id, "bench", NOW),
  };
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const pipeline = await db.selectFrom("pipelines").select("id").where("kind", "=", "deal").where("archived", "=", 0).orderBy("id").executeTakeFirstOrThrow();
  const refs = references({
    P: pipeline.id,
    now: NOW,
    tz: TZ,
    off: await monthsOffset(db),
    stages: await db.selectFrom("stages").selectAll().where("pipeline_id", "=", pipeline.id).orderBy("position").execute(),
  });
  const addr = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}/api/v1`,
    tokens,
    raw,
    refs,
    repShare: Number(rep.n) / total,
    managerShare: Number(managerOpps.n) / total,
    // A data change: one audit row, as every API write makes; caches keyed by the data stamp miss after it.
    bump: async () => {
      await raw.query("insert into audit_log (actor_id, entity, entity_id, action, diff, at) values (null, 'bench', 0, 'bench', '{}', $1)", [Date.now()]);
    },
    close: async () => {
      await raw.end();
      await app.close();
      await handle.close();
    },
  };
}

async function get(s: Server, who: keyof Server["tokens"], path: string): Promise<number> {
  const t = performance.now();
  const r = await fetch(s.url + path, { headers: { authorization: `Bearer ${s.tokens[who]}` } });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`${path} as ${who}: HTTP ${r.status}`);
  return performance.now() - t;
}

async function refTime(s: Server, name: string): Promise<number | null> {
  const sqls = s.refs[name];
  if (!sqls) return null;
  const t = performance.now();
  for (const q of sqls) await s.raw.query(q);
  return performance.now() - t;
}

const ms = (x: number | null) => (x == null ? "—" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)}`);
const ratio = (a: number, b: number | null) => (b == null || b <= 0 ? "—" : (a / b).toFixed(2));

async function main() {
  const entUrl = arg("pg");
  if (!entUrl) throw new Error("--pg <postgres url of the enterprise demo> is required");
  const teamUrl = arg("team");
  const eld = monitorEventLoopDelay({ resolution: 10 });
  let rss = 0;
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 100);
  const ent = await start(entUrl);
  const team = teamUrl ? await start(teamUrl) : null;
  console.log(`now ${DATE}; rep owns ${(ent.repShare * 100).toFixed(2)} % of the opportunities, the manager's team ${(ent.managerShare * 100).toFixed(1)} %`);
  console.log(
    "\n| report | admin cold ms | ref ms | ratio | admin warm ms | rep cold ms | team-scope cold ms | team-scale cold ms | ent ÷ team | rep ÷ team-scale | loop p99 / max ms |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  eld.enable();
  const rows: Array<Record<string, number | null | string>> = [];
  for (const r of REPORTS) {
    if (ONLY && !ONLY.some((o) => r.name.includes(o))) continue;
    // The event-loop delay of the server's thread while this report's calls run (the client only awaits sockets).
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    await ent.bump();
    const cold = await get(ent, "admin", r.path);
    const ref = await refTime(ent, r.name);
    const warm = await get(ent, "admin", r.path);
    await ent.bump();
    const repCold = await get(ent, "rep", r.path);
    await ent.bump();
    const mgrCold = await get(ent, "manager", r.path);
    let teamCold: number | null = null;
    if (team) {
      await team.bump();
      teamCold = await get(team, "admin", r.path);
    }
    loop.disable();
    rows.push({ name: r.name, cold, ref, warm, repCold, teamCold });
    const lp = `${(loop.percentile(99) / 1e6).toFixed(0)} / ${(loop.max / 1e6).toFixed(0)}`;
    console.log(
      `| ${r.name} | ${ms(cold)} | ${ms(ref)} | ${ratio(cold, ref)} | ${ms(warm)} | ${ms(repCold)} | ${ms(mgrCold)} | ${ms(teamCold)} | ${teamCold ? (cold / teamCold).toFixed(1) : "—"} | ${teamCold ? (repCold / teamCold).toFixed(2) : "—"} | ${lp} |`,
    );
  }
  eld.disable();
  clearInterval(sampler);
  console.log(
    `\nevent-loop delay while reports ran: p50 ${(eld.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(eld.percentile(99) / 1e6).toFixed(1)} ms, max ${(eld.max / 1e6).toFixed(0)} ms`,
  );
  console.log(`peak RSS of the process (server + client): ${(rss / 2 ** 20).toFixed(0)} MiB`);
  await ent.close();
  await team?.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
