/** Weekly forecast submissions (a rep's commit and best case) and a manager's adjustments, each with its audit row in one transaction. */
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { audit } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx } from "../db/tx";

/** Every column of a submission, named so the statement is prepared (a `select *` never is: db/connect.ts). */
export const SUBMISSION_COLUMNS = [
  "fs.id",
  "fs.user_id",
  "fs.period",
  "fs.week",
  "fs.commit_fen",
  "fs.best_case_fen",
  "fs.note",
  "fs.submitted_at",
  "fs.adjusted_by",
  "fs.adjusted_commit_fen",
  "fs.adjusted_best_case_fen",
  "fs.adjust_note",
] as const;

/** The submissions of one period and week by the users the viewer may see. */
export async function listSubmissions(db: DbOrTx, viewer: Viewer, period: string, week: string) {
  return db
    .selectFrom("forecast_submissions as fs")
    .select(SUBMISSION_COLUMNS)
    .where("fs.period", "=", period)
    .where("fs.week", "=", week)
    .where(visible(viewer, "fs.user_id"))
    .execute();
}

export interface Submission {
  period: string;
  commitFen: number;
  bestCaseFen: number;
  note?: string | null;
}

/** The viewer's submission for the week, replacing an earlier one of the same week. */
export async function submitForecast(db: Db, viewer: Viewer, b: Submission, week: string, now: number) {
  return inTx(db, async (tx) => {
    await tx.deleteFrom("forecast_submissions").where("user_id", "=", viewer.id).where("period", "=", b.period).where("week", "=", week).execute();
    const r = await tx
      .insertInto("forecast_submissions")
      .values({
        user_id: viewer.id,
        period: b.period,
        week,
        commit_fen: b.commitFen,
        best_case_fen: b.bestCaseFen,
        note: b.note ?? null,
        submitted_at: now,
        adjusted_by: null,
        adjusted_commit_fen: null,
        adjusted_best_case_fen: null,
        adjust_note: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, viewer.id, "forecast_submission", r.id, "submit", { ...b }, now);
    return r;
  });
}

/** A manager's (or admin's) adjustment of a visible submission; a manager may not adjust their own. */
export async function adjustSubmission(db: Db, viewer: Viewer, id: number, a: { commitFen: number; bestCaseFen: number; note: string }, now: number) {
  return inTx(db, async (tx) => {
    const s = await tx
      .selectFrom("forecast_submissions as fs")
      .select(SUBMISSION_COLUMNS)
      .where("fs.id", "=", id)
      .where(visible(viewer, "fs.user_id"))
      .executeTakeFirst();
    if (!s) throw notFound("forecast submission");
    if (s.user_id === viewer.id && viewer.role !== "admin") throw new AppError("FORBIDDEN", "a manager adjusts the team's submissions, not their own");
    const r = await tx
      .updateTable("forecast_submissions")
      .set({ adjusted_by: viewer.id, adjusted_commit_fen: a.commitFen, adjusted_best_case_fen: a.bestCaseFen, adjust_note: a.note })
      .where("id", "=", s.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      viewer.id,
      "forecast_submission",
      s.id,
      "adjust",
      { commit: [s.adjusted_commit_fen ?? s.commit_fen, a.commitFen], bestCase: [s.adjusted_best_case_fen ?? s.best_case_fen, a.bestCaseFen], note: a.note },
      now,
    );
    return r;
  });
}

/** The win model's latest predictions for the open opportunities the viewer may see, largest first. */
export async function listPredictions(db: DbOrTx, viewer: Viewer, f: { opportunity?: number; owner?: number; limit: number }) {
  let q = db
    .selectFrom("win_predictions as wp")
    .innerJoin("opportunities as o", "o.id", "wp.opportunity_id")
    .innerJoin("stages as s", "s.id", "o.stage_id")
    .select([
      "o.id",
      "o.title",
      "o.owner_id",
      "o.amount_fen",
      "s.probability as stage_probability",
      "o.probability_override",
      "wp.probability",
      "wp.factors",
      "wp.scored_at",
      "wp.model_id",
    ])
    .where(visible(viewer, "o.owner_id", "o.id", "opportunity"));
  if (f.opportunity) q = q.where("o.id", "=", f.opportunity);
  if (f.owner) q = q.where("o.owner_id", "=", f.owner);
  const rows = await q.orderBy("o.amount_fen", "desc").limit(f.limit).execute();
  return rows.map((r) => ({ ...r, predicted_probability: r.probability, factors: JSON.parse(r.factors) as unknown }));
}
