/** Forecast reports assembled from SQL and the pure core, shared by the API and the CLI: Friday view and accuracy. */
import { sql } from "kysely";
import { DAY_MS, localDate, parsePeriod, periodOf, previousPeriod, type Period, type PeriodKind } from "../core/dates";
import { invalid } from "../core/errors";
import type { Db } from "../db/connect";
import { visible } from "../access/visible";
import type { Viewer } from "../access/viewer";
import { forecastAccuracy, type ActualWon, type SnapshotForecast } from "./accuracy";
import { biggestChanges, movement, type DealMove } from "./friday";
import { topMovedDeals } from "./moved-store";
import { atRiskCommits } from "./risk-store";
import { periodMoveLists } from "./period-moves-store";
import { forecastFor, forecastWon, forecastOwners, homeScope, nameLines, snapshotRows, type ForecastFilter } from "./store";
import { SUBMISSION_COLUMNS } from "./submission-store";
import { rollUp } from "./sums";

export function periodParam(key: string | undefined, kind: PeriodKind, now: number, tz: string): Period {
  if (!key) return periodOf(kind, now, tz);
  const p = parsePeriod(key, tz);
  if (!p || p.kind === "week" || p.kind === "year") throw invalid("period", "use a month (2026-06) or a quarter (2026-Q2)");
  return p;
}

export async function forecastReport(db: Db, viewer: Viewer, period: Period, tz: string, f: ForecastFilter) {
  const { rollup } = await forecastFor(db, viewer, period, tz, f);
  return { period: period.key, probability: f.probability ?? "stage", ...(await nameLines(db, rollup)) };
}

/**
 * The Friday view's forecast lines: the period's forecast, how each line moved since last week's snapshot, and the
 * week's submissions (the part the oracle of src/readmodels/oracle/friday-view.ts shares).
 */
export async function fridayLines(db: Db, viewer: Viewer, period: Period, now: number, tz: string) {
  const week = periodOf("week", now, tz).key;
  const [current, prevRows] = await Promise.all([forecastReport(db, viewer, period, tz, {}), snapshotRows(db, viewer, [period.key], { beforeWeek: week })]);
  const home = homeScope(viewer);
  const lastWeek = prevRows.length ? prevRows[prevRows.length - 1].week : null;
  // last week's snapshot rows by scope line: one look-up per line (a find per line was reps × rows on the event loop)
  const lastRows = new Map(prevRows.filter((x) => x.week === lastWeek).map((x) => [`${x.scope}:${x.scope_id ?? null}`, x]));
  const prev = (scope: string, id: number | null) => {
    const r = lastRows.get(`${scope}:${id}`);
    return r
      ? {
          commitFen: r.commit_fen,
          bestCaseFen: r.best_case_fen,
          pipelineFen: r.pipeline_fen,
          omittedFen: r.omitted_fen,
          weightedFen: r.weighted_fen,
          wonFen: r.won_fen,
        }
      : null;
  };
  const homeLine =
    home.scope === "company"
      ? current.company
      : home.scope === "team"
        ? (current.teams.find((t) => t.scopeId === home.scopeId) ?? current.company)
        : (current.reps.find((r) => r.scopeId === home.scopeId) ?? current.company);
  const subs = await db
    .selectFrom("forecast_submissions as fs")
    .innerJoin("users as u", "u.id", "fs.user_id")
    .select([
      (eb) => eb.fn.countAll<number>().as("n"),
      sql<number>`sum(coalesce(fs.adjusted_commit_fen, fs.commit_fen))`.as("commit"),
      sql<number>`sum(coalesce(fs.adjusted_best_case_fen, fs.best_case_fen))`.as("best"),
    ])
    .where("fs.period", "=", period.key)
    .where("fs.week", "=", week)
    .where(visible(viewer, "fs.user_id"))
    .executeTakeFirst();
  return {
    period: period.key,
    asOf: now,
    week,
    comparedWithWeek: lastWeek,
    forecast: current,
    movement: movement(homeLine, prev(home.scope, home.scopeId)),
    teamMovement: current.teams.map((t) => ({ teamId: t.scopeId, name: t.name, ...movement(t, prev("team", t.scopeId)) })),
    repMovement: current.reps
      .map((r) => ({ userId: r.scopeId, name: r.name, ...movement(r, prev("user", r.scopeId)) }))
      .sort((a, b) => Math.abs(b.deltaFen ?? 0) - Math.abs(a.deltaFen ?? 0)),
    submissions: { count: Number(subs?.n ?? 0), commitFen: Number(subs?.commit ?? 0), bestCaseFen: Number(subs?.best ?? 0) },
  };
}

/**
 * Everything a sales director needs on Friday for one quarter (or month): see docs/forecasting.md. The lists are
 * ranked, counted and cut in SQL (src/forecast/moved-store.ts, risk-store.ts, period-moves-store.ts): only the rows
 * shown come back, not every deal of the period that moved, is committed, or was created or lost this week.
 */
export async function fridayView(db: Db, viewer: Viewer, period: Period, now: number, tz: string, opts: { changes?: number; quietDays?: number } = {}) {
  const today = localDate(now, tz);
  const since = now - 7 * DAY_MS;
  const from = localDate(period.start, tz),
    to = localDate(period.end, tz);
  const lines = await fridayLines(db, viewer, period, now, tz);
  const window = { since, now, fromDate: from, toDate: to, periodStart: period.start, periodEnd: period.end };
  const moved = await topMovedDeals(db, viewer, window, opts.changes ?? 10);
  const moves: DealMove[] = moved.map((m) => ({
    opportunityId: m.id,
    title: m.title,
    ownerId: m.owner_id,
    amountFen: Number(m.amount_fen),
    probabilityThen: m.first_kind === "create" || m.from_stage == null ? null : (m.probability_then ?? null),
    probabilityNow: m.probability_override ?? m.probability,
    status: m.status,
    lastKind: m.last_kind,
  }));
  const atRisk = await atRiskCommits(db, viewer, { from, to, today, now, quietDays: opts.quietDays });
  return {
    ...lines,
    biggestChanges: biggestChanges(moves, opts.changes ?? 10),
    atRiskCommits: atRisk,
    /** moved in, moved out and slipped this week (src/forecast/period-moves.ts), each with its count and amount */
    periodMoves: await periodMoveLists(db, viewer, { since, now, from, to }),
  };
}

/** Accuracy of the weekly snapshots (and of reps' own submissions) over the last `count` closed periods. */
export async function accuracyReport(db: Db, viewer: Viewer, kind: "month" | "quarter", count: number, now: number, tz: string) {
  const periods: Period[] = [];
  for (let p = previousPeriod(periodOf(kind, now, tz), tz); periods.length < count; p = previousPeriod(p, tz)) periods.unshift(p);
  const keys = periods.map((p) => p.key);
  const owners = await forecastOwners(db, viewer);
  const actuals: ActualWon[] = [];
  for (const p of periods) {
    const r = rollUp([], await forecastWon(db, viewer, p), owners);
    for (const l of [...r.reps, ...r.teams, r.company]) actuals.push({ period: p.key, scope: l.scope, scopeId: l.scopeId, wonFen: l.wonFen });
  }
  const snaps: SnapshotForecast[] = (await snapshotRows(db, viewer, keys)).map((s) => ({
    period: s.period,
    week: s.week,
    takenAt: Number(s.taken_at),
    scope: s.scope,
    scopeId: s.scope_id,
    forecastFen: Number(s.won_fen) + Number(s.weighted_fen),
  }));
  const subRows = await db
    .selectFrom("forecast_submissions as fs")
    .select(SUBMISSION_COLUMNS)
    .where("fs.period", "in", keys)
    .where(visible(viewer, "fs.user_id"))
    .execute();
  const submitted: SnapshotForecast[] = subRows.map((s) => ({
    period: s.period,
    week: s.week,
    takenAt: Number(s.submitted_at),
    scope: "user",
    scopeId: s.user_id,
    forecastFen: Number(s.adjusted_commit_fen ?? s.commit_fen),
  }));
  const userActuals = actuals.filter((a) => a.scope === "user");
  const names = new Map(owners.map((o) => [o.id, o.name]));
  const teamRows = await db.selectFrom("departments").select(["id", "name"]).execute();
  const teamNames = new Map(teamRows.map((t) => [t.id, t.name]));
  const named = <T extends { scope: string; scopeId: number | null }>(x: T) => ({
    ...x,
    name: x.scope === "user" ? (names.get(x.scopeId!) ?? null) : x.scope === "team" && x.scopeId != null ? (teamNames.get(x.scopeId) ?? null) : null,
  });
  return {
    kind,
    periods: keys,
    system: forecastAccuracy(snaps, actuals).map(named),
    submitted: forecastAccuracy(submitted, userActuals).map(named),
  };
}
