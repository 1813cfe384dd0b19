/**
 * bench/lists.ts on PostgreSQL (`--pg URL`, a copy of a demo database: the run adds two API tokens): for the admin and
 * the median rep, every offered sort of the customers, opportunities and activities lists — first page and 1,000th page
 * of 10 (a rep with fewer rows: their last full page), reached through an opaque cursor made for the row before it — and
 * GET /search with three Chinese characters and with pinyin initials, each the median of --runs over HTTP (inject)
 * beside hand-written keyset SQL on the pg driver (the same scope, `(sort, id) > (value, id)` on the sort's index).
 *
 *   nice npx tsx bench/lists.ts --pg postgres://postgres@127.0.0.1:5432/jindou_bench_ent_cash [--runs 5]
 */
import pg from "pg";
import { loadConfig } from "../src/config";
import { openDb } from "../src/db/connect";
import { encodeCursor } from "../src/db/keyset";
import { buildApp } from "../src/http/app";
import { createApiToken } from "../src/http/auth";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface ListSpec {
  path: string;
  table: string;
  sorts: Array<{ name: string; col: string }>;
}
const LISTS: ListSpec[] = [
  {
    path: "/customers",
    table: "customers",
    sorts: [
      { name: "name", col: "name" },
      { name: "-updated_at", col: "updated_at" },
      { name: "-created_at", col: "created_at" },
      { name: "priority", col: "priority" },
    ],
  },
  {
    path: "/opportunities",
    table: "opportunities",
    sorts: [
      { name: "-updated", col: "updated_at" },
      { name: "-amount", col: "amount_fen" },
      { name: "expected_close", col: "expected_close_date" },
      { name: "-created", col: "created_at" },
      { name: "title", col: "title" },
      { name: "stage_entered", col: "stage_entered_at" },
    ],
  },
  { path: "/activities", table: "activities", sorts: [{ name: "-created", col: "created_at" }] },
];

export async function listsOnPostgres(url: string, runs: number): Promise<void> {
  const handle = openDb(url);
  const db = handle.db;
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const app = await buildApp({ handle, config: loadConfig({ JOBS: "0", DATABASE_URL: url } as NodeJS.ProcessEnv), webDist: "/none", logger: false });
  const admin = await db.selectFrom("users").select("id").where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
  const reps = (await raw.query("select owner_id as id, count(*) as n from opportunities group by 1 order by 2, 1")).rows;
  const rep = reps[Math.floor(reps.length / 2)];
  const tokens = { admin: await createApiToken(db, admin.id, "bench", Date.now()), rep: await createApiToken(db, Number(rep.id), "bench", Date.now()) };
  const get = async (who: "admin" | "rep", path: string) => {
    const t = performance.now();
    const r = await app.inject({ method: "GET", url: `/api/v1${path}`, headers: { authorization: `Bearer ${tokens[who]}` } });
    if (r.statusCode !== 200) throw new Error(`${path} as ${who}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    return performance.now() - t;
  };
  const pair = async (who: "admin" | "rep", path: string, ref: string, params: unknown[]) => {
    const ours: number[] = [],
      refs: number[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(await get(who, path));
      const t = performance.now();
      await raw.query(ref, params);
      refs.push(performance.now() - t);
    }
    return [median(ours), median(refs)];
  };
  console.log(`lists and search on PostgreSQL (${url.replace(/.*\//, "")}), median of ${runs}; the rep owns ${rep.n} opportunities`);
  console.log("| request | who | Jindou ms | hand-written SQL ms | ratio | aim < 100 ms |");
  console.log("| --- | --- | ---: | ---: | ---: | --- |");
  const line = (label: string, who: string, [a, b]: number[]) =>
    console.log(`| ${label} | ${who} | ${a.toFixed(1)} | ${b.toFixed(2)} | ${(a / b).toFixed(1)} | ${a < 100 ? "met" : "not met"} |`);
  for (const l of LISTS)
    for (const s of l.sorts)
      for (const who of ["admin", "rep"] as const) {
        const desc = s.name.startsWith("-");
        const dir = desc ? "desc" : "asc";
        const nulls = s.col === "priority" || s.col === "expected_close_date" ? " nulls last" : "";
        const scope = who === "rep" ? `where owner_id = ${Number(rep.id)}` : "";
        const order = `order by ${s.col} ${dir}${nulls}, id ${dir}`;
        const first = `select * from ${l.table} ${scope} ${order} limit 11`;
        line(`${l.path}?sort=${s.name}, first page`, who, await pair(who, `${l.path}?limit=10&sort=${s.name}`, first, []));
        // the row before page 1,000 (or before the rep's last full page), and a cursor for it as the list would make it
        const n = Number((await raw.query(`select count(*) as n from ${l.table} ${scope}`)).rows[0].n);
        const before = Math.max(0, Math.min(9_989, n - 11));
        const row = (await raw.query(`select id, ${s.col} as v from ${l.table} ${scope} ${order} offset ${before} limit 1`)).rows[0];
        if (!row || row.v == null) continue;
        const value = typeof row.v === "string" && /^\d+$/.test(row.v) ? Number(row.v) : row.v;
        const cursor = encodeCursor(s.name, value, Number(row.id));
        const cmp = desc ? "<" : ">";
        const nth = `select * from ${l.table} where ${scope ? `${scope.slice(6)} and ` : ""}(${s.col}, id) ${cmp} ($1, $2) ${order} limit 11`;
        const label = `${l.path}?sort=${s.name}, page ${Math.floor(before / 10) + 2}`;
        line(label, who, await pair(who, `${l.path}?limit=10&sort=${s.name}&cursor=${cursor}`, nth, [row.v, row.id]));
      }
  const sample = (await raw.query("select name, search_pinyin from customers where search_pinyin is not null order by id limit 1")).rows[0];
  const han = String(sample.name).slice(2, 5);
  const initials = String(sample.search_pinyin).split(" ")[0].slice(0, 4);
  for (const q of [han, initials]) {
    const p = `%${q.toLowerCase()}%`;
    for (const who of ["admin", "rep"] as const) {
      const own = who === "rep" ? ` and owner_id = ${Number(rep.id)}` : "";
      const part = (k: string, table: string, col: string) =>
        `(select '${k}', id from ${table} where (lower(${col}) like $1 or lower(search_pinyin) like $1)${own} limit 8)`;
      const sql = `${part("c", "customers", "name")} union all ${part("o", "opportunities", "title")} union all ${part("a", "activities", "subject")}`;
      line(`/search?q=${q}`, who, await pair(who, `/search?q=${encodeURIComponent(q)}`, sql, [p]));
    }
  }
  await raw.end();
  await app.close();
  await handle.close();
}
