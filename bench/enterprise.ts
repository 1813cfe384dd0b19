/**
 * `npm run bench:enterprise`: the whole issue-10 benchmark set on PostgreSQL in one command. Reuses the enterprise
 * and team demo databases when they hold data, else creates and generates them (seed 1, now 2026-06-30; the
 * enterprise one takes about 10 min quiet, an hour loaded), builds dist/ when stale, then runs bench/reports-http.ts
 * (every report, lists, search, /health, event loop and RSS of the server process), bench/lists.ts and
 * bench/moves.ts one after another, with `uptime` before and after.
 *
 *   npm run bench:enterprise [-- --ent <url>] [--team <url>] [--only pareto,clv] [--skip lists,moves] [--json out.json] [--nice]
 *
 * Defaults: --ent postgres://postgres@127.0.0.1:5432/jindou_bench_ent, --team …/jindou_bench_team.
 */
import { spawnSync } from "node:child_process";
import pg from "pg";

const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const PG = "postgres://postgres@127.0.0.1:5432";
const ENT = arg("ent", `${PG}/jindou_bench_ent`) as string;
const TEAM = arg("team", `${PG}/jindou_bench_team`) as string;
const NOW = "2026-06-30";
const SKIP = (arg("skip") ?? "").split(",");
const NICE = process.argv.includes("--nice");

const run = (cmd: string, args: string[]) => {
  const [c, a] = NICE ? ["nice", [cmd, ...args]] : [cmd, args];
  console.error(`\n$ ${c} ${a.join(" ")}`);
  const r = spawnSync(c, a, { stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal})`);
};
const uptime = (when: string) => console.log(`uptime ${when}: ${spawnSync("uptime", { encoding: "utf8" }).stdout.trim()}`);

/** Creates and fills the demo database at `url` unless it already holds opportunities. */
async function ensureDemo(url: string, scale: "team" | "enterprise"): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount;
  if (!exists) await admin.query(`create database "${name.replace(/"/g, '""')}"`);
  await admin.end();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const has = await db.query("select 1 from information_schema.tables where table_name = 'opportunities'");
  const n = has.rowCount ? Number((await db.query("select count(*) from (select 1 from opportunities limit 1) t")).rows[0].count) : 0;
  await db.end();
  if (n > 0) {
    console.error(`${scale}: reusing ${name}`);
    return;
  }
  console.error(`${scale}: generating ${name} (seed 1, now ${NOW}) …`);
  const t = performance.now();
  run("node", ["dist/cli/main.js", "demo", "--scale", scale, "--seed", "1", "--now", NOW, "--database", url]);
  console.error(`${scale}: generated in ${((performance.now() - t) / 60_000).toFixed(1)} min`);
}

uptime("before");
run("node", ["scripts/prestart.mjs"]);
await ensureDemo(TEAM, "team");
await ensureDemo(ENT, "enterprise");
const only = arg("only");
const json = arg("json");
run("npx", ["tsx", "bench/reports-http.ts", "--pg", ENT, "--team", TEAM, ...(only ? ["--only", only] : []), ...(json ? ["--json", json] : [])]);
uptime("after reports-http");
if (!SKIP.includes("lists")) run("npx", ["tsx", "bench/lists.ts"]);
if (!SKIP.includes("moves")) run("npx", ["tsx", "bench/moves.ts", "--engine", "both", "--seconds", "10"]);
uptime("after");
