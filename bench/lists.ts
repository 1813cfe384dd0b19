/**
 * List pages and search over HTTP at team scale (10,000 opportunities, 2,000 customers) on SQLite, beside the best
 * hand-written SQL for the same page (the same keyset query with better-sqlite3, prepared), and event-loop delay p99.
 * Pages of 10: the first page, and the 1,000th (reached by walking the cursors; only its own request is timed).
 *
 *   npx tsx bench/lists.ts [--runs 20]
 *   npx tsx bench/lists.ts --pg postgres://…/<a copy of a demo database> [--runs 5]   (PostgreSQL, admin and a rep: bench/lists-pg.ts)
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { loadConfig } from "../src/config";
import { createTestDb } from "../src/db/testing";
import { generateDemo } from "../src/demo/generate";
import { buildApp } from "../src/http/app";
import { createApiToken } from "../src/http/auth";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const RUNS = Number(arg("runs", "20"));
if (arg("pg", "")) {
  const { listsOnPostgres } = await import("./lists-pg");
  await listsOnPostgres(arg("pg", ""), Number(arg("runs", "5")));
  process.exit(0);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const h = await createTestDb("sqlite");
await generateDemo(h.db, { scale: "team", seed: 1, now: Date.parse("2026-06-15T04:00:00Z") });
const admin = await h.db.selectFrom("users").select("id").where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
const token = await createApiToken(h.db, admin.id, "bench", Date.now());
const app = await buildApp({ handle: h, config: loadConfig({ JOBS: "0" } as NodeJS.ProcessEnv), webDist: "/none" });
const get = async (url: string) => {
  const r = await app.inject({ method: "GET", url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body) as { items: Array<{ id: number }>; nextCursor: string | null };
};
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

// The 1,000th page's cursor, by walking.
let cursor: string | null = null;
for (let i = 0; i < 999; i++) cursor = (await get(`/opportunities?limit=10${cursor ? `&cursor=${cursor}` : ""}`)).nextCursor;
const page1000 = `/opportunities?limit=10&cursor=${cursor}`;
const last = (await get(page1000)).items[0];

const raw = new SQLite(h.location, { readonly: true });
const firstSql = raw.prepare(`select o.*, s.key, c.name as customer_name, u.name as owner_name from opportunities o join stages s on s.id = o.stage_id
  join customers c on c.id = o.customer_id left join users u on u.id = o.owner_id order by o.updated_at desc, o.id desc limit 11`);
const row = raw.prepare("select updated_at from opportunities where id = ?").get(last.id) as { updated_at: number };
const nthSql = raw.prepare(`select o.*, s.key, c.name as customer_name, u.name as owner_name from opportunities o join stages s on s.id = o.stage_id
  join customers c on c.id = o.customer_id left join users u on u.id = o.owner_id
  where (o.updated_at < ? or (o.updated_at = ? and o.id <= ?)) order by o.updated_at desc, o.id desc limit 11`);
const searchSql = raw.prepare(
  `select c.* from customers c where c.id in (select rowid from customers_fts where customers_fts match ?) order by c.name, c.id limit 51`,
);
const q = (await h.db.selectFrom("customers").select("name").orderBy("id").limit(1).executeTakeFirstOrThrow()).name.slice(1, 4);

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const rows: Array<[string, number, number]> = [];
for (const [label, url, ref] of [
  ["opportunities, first page", "/opportunities?limit=10", () => firstSql.all()],
  ["opportunities, 1,000th page", page1000, () => nthSql.all(row.updated_at, row.updated_at, last.id)],
  [`customer search q=${q}`, `/customers?limit=50&q=${encodeURIComponent(q)}`, () => searchSql.all(`name : "${q}"`)],
] as const) {
  const ours: number[] = [],
    refs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(await time(() => get(url)));
    refs.push(await time(async () => ref()));
  }
  rows.push([label, median(ours), median(refs)]);
}
loop.disable();
console.log(`lists at team scale on SQLite, median of ${RUNS} (HTTP via inject, reference = the same query prepared in better-sqlite3)`);
console.log("| request | Jindou | hand-written SQL | aim < 100 ms |");
console.log("| --- | ---: | ---: | --- |");
for (const [label, a, b] of rows) console.log(`| ${label} | ${a.toFixed(1)} ms | ${b.toFixed(2)} ms | ${a < 100 ? "met" : "not met"} |`);
console.log(`event-loop delay during the run: p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms (resolution 5 ms)`);
raw.close();
await app.close();
await h.drop();
process.exit(0);
