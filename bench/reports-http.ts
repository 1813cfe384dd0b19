/**
 * Every report of docs/ over HTTP on PostgreSQL (issue 10), against the compiled production server started as a
 * child process (bench/server-process.ts): admin cold (first call after a data change), admin cold after a deal or
 * activity write (the per-customer fact models' stamps moved, see bumpFacts), admin warm, one rep cold
 * (the rep with the median number of opportunities), the largest team's manager cold (team scope), and the same admin
 * cold on a team-scale database, each beside a reference — the same aggregate hand-written as raw SQL over the same
 * tables (read-model tables included, bench/reports-references.ts), run on the raw pg driver in the same run. Every
 * chosen report is called once on each server before measuring (warm-up: modules, compute worker, PostgreSQL cache). Then
 * the opportunity list (first and 1,000th page) and /search beside hand-written SQL, `GET /health` latency while the
 * heaviest report runs again, the server's own event-loop delay (per report and over the run) and the server's RSS
 * (its worker threads included), a markdown table for docs/benchmarks.md and the issue's aims, met or not.
 *
 *   npm run build    # the server under test is dist/ (the benchmark refuses a stale one, as npm start does)
 *   npx tsx bench/reports-http.ts --pg postgres://postgres@127.0.0.1:5432/jindou_bench_ent \
 *     --team postgres://postgres@127.0.0.1:5432/jindou_bench_team [--now 2026-06-30] [--only pareto,clv] [--json out.json] [--root <dir>] [--server-env K=V,…]
 *
 * bench/enterprise.sh generates or reuses both databases and runs this with bench/lists.ts and bench/moves.ts.
 * The benchmark writes only bearer tokens and one audit row per "data change" to the databases; the server migrates
 * them on open (and builds a missing read model), as `npm start` does.
 */
import { writeFileSync } from "node:fs";
import pg from "pg";
import { openDb } from "../src/db/connect";
import { createApiToken } from "../src/http/auth";
import { monthsOffset } from "../src/readmodels/customer-months";
import { type Row, aimsMet, printAims, printTable } from "./reports-table";
import { listProbes } from "./reports-lists";
import { references } from "./reports-references";
import { ensureBuilt, type ServerProcess, startServer } from "./server-process";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DATE = arg("now") ?? "2026-06-30";
const NOW = Date.parse(`${DATE}T12:00:00+08:00`);
const TZ = "Asia/Shanghai";
const ONLY = arg("only")?.split(",");
/** `--root <dir>`: run another checkout's dist/ (an older commit built apart, for before/after on the same data). */
const ROOT = arg("root");
/** `--server-env K=V,K2=V2`: extra environment of the servers under test (e.g. WORKER_HEAP_MB=768). */
const SERVER_ENV = Object.fromEntries(
  (arg("server-env") ?? "")
    .split(",")
    .filter(Boolean)
    .map((kv) => kv.split("=", 2) as [string, string]),
);

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

export interface Target {
  server: ServerProcess;
  tokens: Record<"admin" | "rep" | "manager", string>;
  raw: pg.Pool;
  bump(): Promise<void>;
  bumpFacts(): Promise<void>;
  close(): Promise<void>;
  refs: ReturnType<typeof references>;
  repShare: number;
  managerShare: number;
}

/** Rows of kysely_migration (the migrations applied), 0 when the table is missing. */
async function migrationsApplied(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query("select count(*) from kysely_migration")).rows[0].count);
  } catch {
    return 0;
  } finally {
    await c.end();
  }
}

async function start(url: string, label: string): Promise<Target> {
  const before = await migrationsApplied(url);
  const t = performance.now();
  const server = await startServer(url, { now: new Date(NOW).toISOString(), label, root: ROOT, env: SERVER_ENV });
  const applied = (await migrationsApplied(url)) - before;
  if (applied) console.log(`${label}: the server applied ${applied} migration(s) on open; it listened after ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const handle = openDb(url);
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
  const pipeline = await db.selectFrom("pipelines").select("id").where("kind", "=", "deal").where("archived", "=", 0).orderBy("id").executeTakeFirstOrThrow();
  const refs = references({
    P: pipeline.id,
    now: NOW,
    tz: TZ,
    off: await monthsOffset(db),
    stages: await db.selectFrom("stages").selectAll().where("pipeline_id", "=", pipeline.id).orderBy("position").execute(),
    openStageIds: (await db.selectFrom("stages").select("id").where("kind", "=", "open").execute()).map((s) => Number(s.id)),
    dealPipelineIds: (await db.selectFrom("pipelines").select("id").where("kind", "=", "deal").execute()).map((p) => Number(p.id)),
  });
  await handle.close();
  const raw = new pg.Pool({ connectionString: url, max: 5 });
  return {
    server,
    tokens,
    raw,
    refs,
    repShare: Number(rep.n) / total,
    managerShare: Number(managerOpps.n) / total,
    // A data change: one audit row, as every API write makes; caches keyed by the data stamp miss after it.
    bump: async () => {
      await raw.query("insert into audit_log (actor_id, entity, entity_id, action, diff, at) values (null, 'bench', 0, 'bench', '{}', $1)", [Date.now()]);
    },
    // A deal or activity write as the fact models see it: the audit row, and the stamp shard of the written customer
    // moved for the deal facts and the activity months (what the write paths' bumpStamp does beside re-deriving that
    // customer's rows), so the reports recompute their per-customer facts. Versions only ever go up, so the shared
    // databases lose nothing but cached entries.
    bumpFacts: async () => {
      await raw.query("insert into audit_log (actor_id, entity, entity_id, action, diff, at) values (null, 'bench', 0, 'bench', '{}', $1)", [Date.now()]);
      await raw.query("update read_model_stamps set version = version + 1 where model in ('deals', 'activities') and shard = 0");
    },
    close: async () => {
      await raw.end();
      await server.stop();
    },
  };
}

/** One GET as `who`; answers milliseconds and the parsed body. */
export async function getJson(s: Target, who: keyof Target["tokens"], path: string): Promise<{ ms: number; body: unknown }> {
  const t = performance.now();
  const r = await fetch(s.server.api + path, { headers: { authorization: `Bearer ${s.tokens[who]}` } });
  const text = await r.text();
  const ms = performance.now() - t;
  if (r.status !== 200) throw new Error(`${path} as ${who}: HTTP ${r.status} ${text.slice(0, 200)}`);
  return { ms, body: JSON.parse(text) };
}
const get = async (s: Target, who: keyof Target["tokens"], path: string) => (await getJson(s, who, path)).ms;

async function refTime(s: Target, name: string): Promise<number | null> {
  const sqls = s.refs[name];
  if (!sqls) return null;
  const t = performance.now();
  for (const q of sqls) await s.raw.query(q);
  return performance.now() - t;
}

/** `GET /health` every 100 ms (one at a time) while `work` runs; answers the latencies. */
async function healthDuring(s: Target, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t = performance.now();
      await (await fetch(`${s.server.api}/health`)).arrayBuffer();
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  await work();
  done = true;
  await probe;
  return times;
}

async function main() {
  const entUrl = arg("pg");
  if (!entUrl) throw new Error("--pg <postgres url of the enterprise demo> is required");
  const teamUrl = arg("team");
  ensureBuilt();
  const [ent, team] = await Promise.all([start(entUrl, "enterprise"), teamUrl ? start(teamUrl, "team") : null]);
  const chosen = REPORTS.filter((r) => !ONLY || ONLY.some((o) => r.name.includes(o)));
  // Warm-up: a running server has its modules loaded, its compute worker started and its statements prepared, and
  // PostgreSQL has the tables in cache; "cold" below is the first call after a data change, not after a restart.
  const warmStart = performance.now();
  for (const r of chosen) for (const t of [ent, team]) if (t) await get(t, "admin", r.path);
  console.error(`warm-up: every chosen report once as the admin on each server, ${((performance.now() - warmStart) / 1000).toFixed(0)} s`);
  console.log(`now ${DATE}; rep owns ${(ent.repShare * 100).toFixed(2)} % of the opportunities, the manager's team ${(ent.managerShare * 100).toFixed(1)} %`);
  ent.server.resetPeak();
  await ent.server.mark(); // the run starts here
  const rows: Row[] = [];
  let runPeak = 0;
  for (const r of chosen) {
    runPeak = Math.max(runPeak, ent.server.memory().peakRss);
    ent.server.resetPeak();
    await ent.server.mark();
    await ent.bump();
    const cold = await get(ent, "admin", r.path);
    const ref = await refTime(ent, r.name);
    const warm = await get(ent, "admin", r.path);
    await ent.bumpFacts();
    const factCold = await get(ent, "admin", r.path);
    await ent.bump();
    const rep = await get(ent, "rep", r.path);
    await ent.bump();
    const manager = await get(ent, "manager", r.path);
    let teamCold: number | null = null;
    if (team) {
      await team.bump();
      teamCold = await get(team, "admin", r.path);
    }
    const line = await ent.server.mark();
    const loop = line.span;
    // the server's peak RSS over this report's calls (sampled every 100 ms), its RSS and main-thread heap after them
    const mem = { peakRss: ent.server.memory().peakRss, rssAfter: (line.mem?.rss ?? 0) * 2 ** 20, heapUsed: line.mem?.heapUsed ?? null };
    rows.push({ name: r.name, path: r.path, cold, factCold, ref, warm, rep, manager, team: teamCold, loopP99: loop.p99, loopMax: loop.max, ...mem });
    console.error(
      `${r.name}: cold ${Math.round(cold)} ms, after a fact write ${Math.round(factCold)} ms, warm ${Math.round(warm)} ms, rep ${Math.round(rep)} ms`,
    );
  }
  const lists = await listProbes(ent, getJson);
  const run = (await ent.server.mark()).run;
  // The heaviest report once more, cold, with /health probed meanwhile.
  const heaviest = rows.reduce((a, b) => (b.cold > a.cold ? b : a), rows[0]);
  let health: { report: string; times: number[] } | null = null;
  if (heaviest) {
    await ent.bump();
    health = { report: heaviest.name, times: await healthDuring(ent, () => get(ent, "admin", heaviest.path)) };
  }
  const last = ent.server.memory();
  const mem = { ...last, peakRss: Math.max(runPeak, last.peakRss) };
  const teamMem = team?.server.memory() ?? null;
  const result = { date: DATE, repShare: ent.repShare, managerShare: ent.managerShare, rows, lists, run, health, mem, teamMem };
  printTable(result);
  printAims(aimsMet(result));
  const out = arg("json");
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
  await ent.close();
  await team?.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
