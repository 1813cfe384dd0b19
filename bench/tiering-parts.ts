/**
 * Where a tiering report's cold call goes (issue 10), in one process on a PostgreSQL database: each report once to
 * fill the shared per-stamp aggregates, then again as the call after an audit row is (nothing of theirs keyed by the
 * data stamp), with wall and CPU time, beside its pieces: the customer columns, the hand-entered KAISM scores and the
 * shared inputs. Read-only.
 *
 *   npx tsx bench/tiering-parts.ts --pg postgres://postgres@127.0.0.1:5432/jindou_bench_ent [--now 2026-06-30] [--runs 3]
 */
import type { Viewer } from "../src/access/viewer";
import { openDb } from "../src/db/connect";
import * as reports from "../src/tiering/reports";
import * as store from "../src/tiering/store";
import * as customers from "../src/tiering/store-customers";
import * as facts from "../src/tiering/store-facts";
import * as totals from "../src/tiering/store-totals";
import { resolveWindow } from "../src/tiering/window";
import { engagementCounts } from "../src/value/store";

const arg = (name: string, def?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const URL_ = arg("pg");
if (!URL_) throw new Error("--pg <postgres url> is required");
const NOW = Date.parse(`${arg("now", "2026-06-30")}T12:00:00+08:00`);
const RUNS = Number(arg("runs", "3"));
const ADMIN = { id: 1, role: "admin", teamId: null, name: "bench", email: "bench@jindou", locale: "zh-CN" } as Viewer;
const scope = { viewer: ADMIN, filters: {} };
const h = openDb(URL_);
const db = h.db;
const settings = await reports.loadSettings(db);
const w = resolveWindow({}, NOW, "Asia/Shanghai", settings.windowMonths);
const input = { db, scope, settings, w, limit: 50 };

async function time(name: string, fn: () => Promise<unknown>) {
  await fn(); // fills the shared aggregates
  const wall: number[] = [],
    cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`| ${name} | ${med(wall).toFixed(0)} | ${med(cpu).toFixed(0)} |`);
}

console.log("| piece (admin, whole base) | wall ms (median) | CPU ms of this process (median) |");
console.log("| --- | ---: | ---: |");
await time("customer columns (id, prospect)", () => customers.customerColumns(db, scope, ["prospect_rating"] as const));
await time("customer columns (id, credit, prospect)", () => customers.customerColumns(db, scope, ["credit_rating", "prospect_rating"] as const));
await time("hand-entered KAISM scores", () => store.kaismManualScores(db, scope));
await time("scope ids", () => totals.scopeIds(db, scope));
await time("order totals of the window (shared)", () => totals.scopedTotalColumns(db, scope, w.window));
await time("deal facts (shared)", () => facts.dealFacts(db, scope));
await time("activities of the window (shared)", () => facts.activityCounts(db, scope, w.window));
await time("engagement (retention)", () => engagementCounts(db, scope, w.window));
for (const [name, fn] of Object.entries({
  pareto: reports.paretoReport,
  grades: reports.gradesReport,
  kaism: reports.kaismReport,
  "key accounts": reports.keyAccountsReport,
  priority: reports.priorityReport,
}))
  await time(`${name} report`, () => (fn as (i: typeof input) => Promise<unknown>)(input));
await h.close();
