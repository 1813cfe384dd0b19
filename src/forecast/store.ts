/** Forecast SQL: per-owner category sums for a period, weekly snapshots, submissions, and the rows behind accuracy. */
import { type Expression, type SqlBool, sql } from "kysely";
import { localDate, periodOf, type Period } from "../core/dates";
import type { Db } from "../db/connect";
import { inTx, type DbOrTx } from "../db/tx";
import { coversDepartment, coversUser, visible, visibleOwners } from "../access/visible";
import { scopeOf, type Viewer } from "../access/viewer";
import { type CommonFilters, filterConditions, OPPORTUNITY_FILTER_COLUMNS } from "../access/filters";
import { cellsAnswer, openCellsFromModel } from "./cells-store";
import { type ForecastCategory, type ForecastLine, type ForecastRollup, type OpenCell, type Owner, rollUp, type WonCell } from "./sums";

export type ProbabilitySource = "stage" | "predicted";
export interface ForecastFilter extends CommonFilters {
  probability?: ProbabilitySource;
}

/** The viewer the scheduled snapshot runs as: sees every record. */
export const SYSTEM_VIEWER: Viewer = { id: 0, role: "admin", teamId: null, name: "system", email: "system@jindou", locale: "zh-CN" };

/** What the viewer may see (with the implied owner condition, so a rep's rows come through the owner indexes) and the filters. */
export const oppConditions = (viewer: Viewer, f: CommonFilters): Expression<SqlBool>[] => [
  visible(viewer, "o.owner_id", "o.id", "opportunity"),
  ...[visibleOwners(viewer, "o.owner_id", "opportunity")].filter((c) => c != null),
  ...filterConditions(f, OPPORTUNITY_FILTER_COLUMNS),
];

/**
 * Open deals expected to close in the period, summed per owner and category, and won deals closed in it. The open sums
 * come from the forecast_cells read model when it can answer (src/forecast/cells-store.ts), else from the deals.
 */
export async function forecastCells(
  db: DbOrTx,
  viewer: Viewer,
  period: Period,
  tz: string,
  f: ForecastFilter = {},
): Promise<{ open: OpenCell[]; won: WonCell[] }> {
  const from = localDate(period.start, tz),
    to = localDate(period.end, tz);
  const [open, won] = await Promise.all([
    cellsAnswer(from, to, f) ? openCellsFromModel(db, viewer, from, to, f) : openCellsFromDeals(db, viewer, from, to, f),
    forecastWon(db, viewer, period, f),
  ]);
  return { open, won };
}

/** The open sums read from the deals themselves: the query before the read model, kept for filters it cannot answer and as the tests' oracle. */
export async function openCellsFromDeals(db: DbOrTx, viewer: Viewer, from: string, to: string, f: ForecastFilter = {}): Promise<OpenCell[]> {
  const prob =
    f.probability === "predicted"
      ? sql<number>`coalesce(wp.probability * 100, coalesce(o.probability_override, s.probability))`
      : sql<number>`coalesce(o.probability_override, s.probability)`;
  let q = db.selectFrom("opportunities as o").innerJoin("stages as s", "s.id", "o.stage_id");
  if (f.probability === "predicted") q = q.leftJoin("win_predictions as wp", "wp.opportunity_id", "o.id");
  const open = await q
    .select([
      "o.owner_id",
      "o.forecast_category",
      (eb) => eb.fn.countAll<number>().as("n"),
      (eb) => eb.fn.sum<number>("o.amount_fen").as("amount"),
      sql<number>`sum(o.amount_fen * ${prob})`.as("amount_pct"),
    ])
    .where("o.status", "=", "open")
    .where("o.expected_close_date", ">=", from)
    .where("o.expected_close_date", "<", to)
    .where((eb) => eb.and(oppConditions(viewer, f)))
    .groupBy(["o.owner_id", "o.forecast_category"])
    .execute();
  return open.map((r) => ({
    ownerId: Number(r.owner_id),
    category: r.forecast_category as ForecastCategory,
    count: Number(r.n),
    amountFen: Number(r.amount),
    amountPctFen: Number(r.amount_pct),
  }));
}

/** Won deals closed in the period per owner (an index-only scan of opportunities_closed_owner_cover for 全部, migration 320). */
export async function forecastWon(db: DbOrTx, viewer: Viewer, period: Period, f: CommonFilters = {}): Promise<WonCell[]> {
  const won = await db
    .selectFrom("opportunities as o")
    .select(["o.owner_id", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.sum<number>("o.amount_fen").as("amount")])
    .where("o.status", "=", "won")
    .where("o.closed_at", ">=", period.start)
    .where("o.closed_at", "<", period.end)
    .where((eb) => eb.and(oppConditions(viewer, f)))
    .groupBy("o.owner_id")
    .execute();
  return won.map((r) => ({ ownerId: Number(r.owner_id), count: Number(r.n), amountFen: Number(r.amount) }));
}

/**
 * Sellers the viewer's scope covers (reps and managers, active), so an empty quarter still shows a line; each rolls
 * up into the line of their department (the "team" lines: since migration 070 teams are departments).
 */
export async function forecastOwners(db: DbOrTx, viewer: Viewer, f: CommonFilters = {}): Promise<(Owner & { name: string })[]> {
  let q = db
    .selectFrom("users as u")
    .select(["u.id", "u.department_id", "u.name"])
    .where("u.active", "=", 1)
    .where("u.role", "in", ["rep", "manager"])
    .where(coversUser(viewer, "u.id"));
  if (f.owner) q = q.where("u.id", "=", f.owner);
  for (const c of filterConditions({ team: f.team }, { owner: "u.id" })) q = q.where(c);
  return (await q.orderBy("u.id").execute()).map((u) => ({ id: u.id, departmentId: u.department_id, name: u.name }));
}

export async function forecastFor(db: DbOrTx, viewer: Viewer, period: Period, tz: string, f: ForecastFilter = {}) {
  const [{ open, won }, owners] = await Promise.all([forecastCells(db, viewer, period, tz, f), forecastOwners(db, viewer, f)]);
  return { rollup: rollUp(open, won, owners), owners };
}

export async function nameLines(db: DbOrTx, r: ForecastRollup) {
  const userIds = r.reps.map((l) => l.scopeId!).filter(Boolean);
  const teamIds = r.teams.map((l) => l.scopeId).filter((x): x is number => x !== null);
  const [users, teams] = await Promise.all([
    userIds.length ? db.selectFrom("users").select(["id", "name"]).where("id", "in", userIds).execute() : [],
    teamIds.length ? db.selectFrom("departments").select(["id", "name"]).where("id", "in", teamIds).execute() : [],
  ]);
  const un = new Map(users.map((u) => [u.id, u.name])),
    tn = new Map(teams.map((t) => [t.id, t.name]));
  const named = (l: ForecastLine, name: string | null) => ({ ...l, name });
  return {
    reps: r.reps.map((l) => named(l, un.get(l.scopeId!) ?? null)),
    teams: r.teams.map((l) => named(l, l.scopeId === null ? null : (tn.get(l.scopeId) ?? null))),
    company: named(r.company, null),
  };
}

/** Writes this week's snapshot of every scope for the current month and quarter, replacing one taken earlier the same week. */
export async function takeSnapshot(db: Db, now: number, tz: string): Promise<{ week: string; periods: string[]; rows: number }> {
  const week = periodOf("week", now, tz).key;
  const periods = [periodOf("month", now, tz), periodOf("quarter", now, tz)];
  let rows = 0;
  await inTx(db, async (tx) => {
    for (const p of periods) {
      const { rollup } = await forecastFor(tx, SYSTEM_VIEWER, p, tz);
      const lines = [...rollup.reps, ...rollup.teams, rollup.company];
      await tx.deleteFrom("forecast_snapshots").where("period", "=", p.key).where("week", "=", week).execute();
      for (let i = 0; i < lines.length; i += 500) {
        await tx
          .insertInto("forecast_snapshots")
          .values(
            lines.slice(i, i + 500).map((l) => ({
              period: p.key,
              week,
              scope: l.scope,
              scope_id: l.scopeId,
              taken_at: now,
              commit_fen: l.categories.commit.weightedFen,
              best_case_fen: l.categories.best_case.weightedFen,
              pipeline_fen: l.categories.pipeline.weightedFen,
              omitted_fen: l.categories.omitted.weightedFen,
              weighted_fen: l.weightedFen,
              won_fen: l.wonFen,
            })),
          )
          .execute();
      }
      rows += lines.length;
    }
  });
  return { week, periods: periods.map((p) => p.key), rows };
}

/**
 * Snapshot rows of the lines a viewer's data scope covers wholly: a person's line when the scope covers the person,
 * a department's ("team") line when it covers the department, the company's with 全部 only.
 */
export function snapshotScopeCondition(viewer: Viewer): Expression<SqlBool> {
  if (scopeOf(viewer) === "all") return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`((fs.scope = 'user' and ${coversUser(viewer, "fs.scope_id")}) or (fs.scope = 'team' and ${coversDepartment(viewer, "fs.scope_id")}))`;
}

/** Every column of a snapshot, named so the statement is prepared (a `select *` never is: db/connect.ts). */
const SNAPSHOT_COLUMNS = [
  "fs.id",
  "fs.period",
  "fs.week",
  "fs.scope",
  "fs.scope_id",
  "fs.taken_at",
  "fs.commit_fen",
  "fs.best_case_fen",
  "fs.pipeline_fen",
  "fs.omitted_fen",
  "fs.weighted_fen",
  "fs.won_fen",
] as const;

export async function snapshotRows(db: DbOrTx, viewer: Viewer, periods: string[], extra: { scope?: string; scopeId?: number; beforeWeek?: string } = {}) {
  if (periods.length === 0) return [];
  let q = db.selectFrom("forecast_snapshots as fs").select(SNAPSHOT_COLUMNS).where("fs.period", "in", periods).where(snapshotScopeCondition(viewer));
  if (extra.scope) q = q.where("fs.scope", "=", extra.scope as "user");
  if (extra.scopeId) q = q.where("fs.scope_id", "=", extra.scopeId);
  if (extra.beforeWeek) q = q.where("fs.week", "<", extra.beforeWeek);
  return q.orderBy("fs.period").orderBy("fs.taken_at").execute();
}

/** The line the viewer's scope is about: the company for 全部, their department for the department scopes, else themself. */
export function homeScope(viewer: Viewer): { scope: "company" | "team" | "user"; scopeId: number | null } {
  const scope = scopeOf(viewer);
  if (scope === "all") return { scope: "company", scopeId: null };
  const dept = viewer.org ? (viewer.org.departmentId ?? viewer.org.deptIds[0] ?? null) : null;
  if ((scope === "dept" || scope === "dept_and_below") && dept != null) return { scope: "team", scopeId: dept };
  return { scope: "user", scopeId: viewer.id };
}
