/**
 * The Friday view's commits at risk: the period's open committed deals with at least one reason of riskReasons
 * (src/forecast/friday.ts) — close date passed, longer in the stage than it allows, no activity for `quietDays` —
 * filtered, counted, summed and ranked (amount descending, then id) in SQL, so only the first `limit` deals come back
 * instead of every committed deal of the period; riskReasons then names the reasons of those.
 */
import { type SqlBool, sql } from "kysely";
import { DAY_MS } from "../core/dates";
import type { Viewer } from "../access/viewer";
import type { DbOrTx } from "../db/tx";
import { riskReasons } from "./friday";
import { oppConditions } from "./store";

export interface RiskWindow {
  from: string;
  to: string;
  /** the organisation's local date today (YYYY-MM-DD) */
  today: string;
  now: number;
  quietDays?: number;
}

export async function atRiskCommits(db: DbOrTx, viewer: Viewer, w: RiskWindow, limit = 50) {
  const quiet = (w.quietDays ?? 14) * DAY_MS;
  const last = sql<number | null>`(select f.last_activity_at from opportunity_facts f where f.opportunity_id = o.id)`;
  const atRisk = sql<SqlBool>`(o.expected_close_date < ${w.today}
    or (s.stall_days is not null and ${w.now} - o.stage_entered_at > cast(s.stall_days as bigint) * ${sql.lit(DAY_MS)})
    or coalesce(${w.now} - ${last} > ${quiet}, true))`;
  const atRiskDeals = db
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
      last.as("last_activity"),
      sql<number>`count(*) over ()`.as("total_n"),
      sql<number>`sum(o.amount_fen) over ()`.as("total_fen"),
    ])
    .where("o.status", "=", "open")
    .where("o.forecast_category", "=", "commit")
    .where("o.expected_close_date", ">=", w.from)
    .where("o.expected_close_date", "<", w.to)
    .where((eb) => eb.and(oppConditions(viewer, {})))
    .where(atRisk);
  // ranked outside a LIMIT-fenced derived table: with ORDER BY … LIMIT on the deals themselves PostgreSQL walked the
  // amount index backwards through every opportunity (6 s at enterprise scale), though the window sums need them all
  const rows = await db
    .selectFrom(atRiskDeals.limit(Number.MAX_SAFE_INTEGER).as("o"))
    .selectAll()
    .orderBy("o.amount_fen", "desc")
    .orderBy("o.id")
    .limit(limit)
    .execute();
  const items = rows.map((c) => ({
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
      w.today,
      w.now,
      w.quietDays,
    ),
  }));
  return { count: Number(rows[0]?.total_n ?? 0), amountFen: Number(rows[0]?.total_fen ?? 0), items };
}
