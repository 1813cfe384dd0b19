/**
 * The Friday view as it was before its lists were ranked in SQL (issue 10): every moved deal of the period fetched and
 * ranked here (moved deals by the full-scan query of ./friday-moved), every committed deal of the period fetched and
 * filtered here, and moved in / out / slipped from the audit-log scan of ./period-moves (the forecast lines, which this
 * did not change, are the store's fridayLines). Kept as the oracle of
 * src/forecast/friday-view.test.ts.
 */
import { sql } from "kysely";
import { DAY_MS, localDate, periodOf, type Period } from "../../core/dates";
import type { Db } from "../../db/connect";
import type { Viewer } from "../../access/viewer";
import { biggestChanges, riskReasons, type DealMove } from "../../forecast/friday";
import { fridayLines } from "../../forecast/reports";
import { oppConditions } from "../../forecast/store";
import { movedDeals } from "./friday-moved";
import { periodMoveLists } from "./period-moves";

/** Everything a sales director needs on Friday for one quarter (or month): see docs/forecasting.md. */
export async function fridayView(db: Db, viewer: Viewer, period: Period, now: number, tz: string, opts: { changes?: number; quietDays?: number } = {}) {
  const today = localDate(now, tz);
  const week = periodOf("week", now, tz).key;
  const since = now - 7 * DAY_MS;
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

  const periodMoves = await periodMoveLists(db, viewer, { since, now, from, to });

  return {
    ...(await fridayLines(db, viewer, period, now, tz)),
    biggestChanges: biggestChanges(moves, opts.changes ?? 10),
    atRiskCommits: { count: atRisk.length, amountFen: atRisk.reduce((s, c) => s + c.amountFen, 0), items: atRisk.slice(0, 50) },
    periodMoves,
  };
}
