/**
 * The Friday view as it was before its lists were ranked in SQL (issue 10): every moved deal of the period fetched and
 * ranked here (moved deals by the full-scan query of ./friday-moved), every committed deal of the period fetched and
 * filtered here, and moved in / out / slipped from the audit-log scan of ./period-moves. Kept as the oracle of
 * src/forecast/friday-view.test.ts.
 */
import { sql } from "kysely";
import { DAY_MS, localDate, periodOf, type Period } from "../../core/dates";
import type { Db } from "../../db/connect";
import { visible } from "../../access/visible";
import type { Viewer } from "../../access/viewer";
import { biggestChanges, movement, riskReasons, type DealMove } from "../../forecast/friday";
import { forecastReport } from "../../forecast/reports";
import { homeScope, oppConditions, snapshotRows } from "../../forecast/store";
import { movedDeals } from "./friday-moved";
import { periodMoveLists } from "./period-moves";

/** Everything a sales director needs on Friday for one quarter (or month): see docs/forecasting.md. */
export async function fridayView(db: Db, viewer: Viewer, period: Period, now: number, tz: string, opts: { changes?: number; quietDays?: number } = {}) {
  const today = localDate(now, tz);
  const week = periodOf("week", now, tz).key;
  const since = now - 7 * DAY_MS;
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

  const from = localDate(period.start, tz),
    to = localDate(period.end, tz);
  const moved = await movedDeals(db, viewer, { since, now, fromDate: from, toDate: to, periodStart: period.start, periodEnd: period.end });
  const stageIds = [...new Set(moved.map((m) => m.from_stage).filter((x): x is number => x != null))];
  const stageProb = new Map(
    (stageIds.length ? await db.selectFrom("stages").select(["id", "probability"]).where("id", "in", stageIds).execute() : []).map((s) => [
      s.id,
      s.probability,
    ]),
  );
  const moves: DealMove[] = moved.map((m) => ({
    opportunityId: m.id,
    title: m.title,
    ownerId: m.owner_id,
    amountFen: Number(m.amount_fen),
    probabilityThen: m.first_kind === "create" || m.from_stage == null ? null : (stageProb.get(Number(m.from_stage)) ?? null),
    probabilityNow: m.probability_override ?? m.probability,
    status: m.status,
    lastKind: m.last_kind,
  }));

  const commits = await db
    .selectFrom("opportunities as o")
    .innerJoin("stages as s", "s.id", "o.stage_id")
    .select([
      "o.id",
      "o.title",
      "o.owner_id",
      "o.amount_fen",
      "o.expected_close_date",
      "o.stage_entered_at",
      "s.stall_days",
      "s.name_zh",
      "s.name_en",
      sql<number | null>`(select f.last_activity_at from opportunity_facts f where f.opportunity_id = o.id)`.as("last_activity"),
    ])
    .where("o.status", "=", "open")
    .where("o.forecast_category", "=", "commit")
    .where("o.expected_close_date", ">=", from)
    .where("o.expected_close_date", "<", to)
    .where((eb) => eb.and(oppConditions(viewer, {})))
    .execute();
  const atRisk = commits
    .map((c) => ({
      id: c.id,
      title: c.title,
      ownerId: c.owner_id,
      amountFen: Number(c.amount_fen),
      expectedCloseDate: c.expected_close_date,
      stage: { zh: c.name_zh, en: c.name_en },
      reasons: riskReasons(
        {
          expectedCloseDate: c.expected_close_date,
          stageEnteredAt: Number(c.stage_entered_at),
          stallDays: c.stall_days,
          lastActivityAt: c.last_activity == null ? null : Number(c.last_activity),
        },
        today,
        now,
        opts.quietDays,
      ),
    }))
    .filter((c) => c.reasons.length)
    .sort((a, b) => b.amountFen - a.amountFen || a.id - b.id);

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

  const periodMoves = await periodMoveLists(db, viewer, { since, now, from, to });

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
    biggestChanges: biggestChanges(moves, opts.changes ?? 10),
    atRiskCommits: { count: atRisk.length, amountFen: atRisk.reduce((s, c) => s + c.amountFen, 0), items: atRisk.slice(0, 50) },
    submissions: { count: Number(subs?.n ?? 0), commitFen: Number(subs?.commit ?? 0), bestCaseFen: Number(subs?.best ?? 0) },
    /** moved in, moved out and slipped this week (src/forecast/period-moves.ts), each with its count and amount */
    periodMoves,
  };
}
