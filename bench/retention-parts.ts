/**
 * Where the retention report's cold time goes (issue 10): each of its four aggregates timed alone on a fresh process
 * (no shared aggregate cached), as the admin, on PostgreSQL. `npx tsx bench/retention-parts.ts --pg <url>`.
 */
import { sql } from "kysely";
import { openDb } from "../src/db/connect";
import { resolveWindow } from "../src/tiering/window";
import { loadSettings } from "../src/tiering/reports";
import * as store from "../src/value/store";

const url = process.argv[process.argv.indexOf("--pg") + 1];
const TZ = "Asia/Shanghai";
const NOW = Date.parse("2026-06-30T12:00:00+08:00");
const handle = openDb(url);
const db = handle.db;
const admin = await db.selectFrom("users").select("id").where("role", "=", "admin").orderBy("id").executeTakeFirstOrThrow();
const viewer = { id: Number(admin.id), role: "admin" as const, teamId: null, name: "", email: "", locale: "zh-CN" as const };
const scope = { viewer, filters: {} };
const w = resolveWindow({}, NOW, TZ, (await loadSettings(db)).windowMonths);
const off = store.zoneOffsetMs(TZ, w.window.to);
const time = async (name: string, f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  console.log(`${name}: ${(performance.now() - t).toFixed(0)} ms`);
};
await sql`select 1`.execute(db);
await time("monthlyActivity", () => store.monthlyActivity(db, scope, w.window.to, off));
await time("windowBuyers", () => store.windowBuyers(db, scope, w.window, off));
await time("satisfactionCounts", () => store.satisfactionCounts(db, scope, w.window));
await time("engagementCounts", () => store.engagementCounts(db, scope, w.window));
console.log(JSON.stringify({ window: w.window, off }));
await handle.close();
