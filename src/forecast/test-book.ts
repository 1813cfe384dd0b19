/** Test fixture: the small book of sums.test.ts written to a database, for route and job tests. */
import { dateStart } from "../core/dates";
import type { Db } from "../db/connect";
import { opportunitiesChanged } from "../readmodels/maintain";

const SH = "Asia/Shanghai";
export const YUAN = 100;

export interface BookIds {
  rep: number;
  rep2: number;
  otherRep: number;
}

/**
 * Quarter 2026-Q2 (the test clock is 2026-06-15). Team A: rep, rep2; team B: otherRep.
 *   rep:      commit 100 000 @ 75 %, best case 40 000 @ 50 %, pipeline 30 000 @ 10 %, won 60 000 (May 10)
 *   rep2:     commit  50 000 @ 90 %, omitted 20 000 @ 25 %
 *   otherRep: pipeline 80 000 @ 25 %, won 15 000 (April 20)
 * Forecast (won + Σ amount × probability, omitted excluded): rep 158 000, rep2 45 000, team A 203 000,
 * otherRep 35 000, company 238 000 yuan.
 */
export async function seedBook(db: Db, ids: BookIds, now: number) {
  const pipeline = (
    await db
      .insertInto("pipelines")
      .values({
        key: "book",
        name_zh: "测试",
        name_en: "Test",
        kind: "deal",
        skip_rule: "strict",
        checklist_rule: "strict",
        template: null,
        archived: 0,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const stage: Record<string, number> = {};
  const specs: Array<[string, number, "open" | "won" | "lost", number | null]> = [
    ["p10", 10, "open", null],
    ["p25", 25, "open", null],
    ["p50", 50, "open", 30],
    ["p75", 75, "open", 30],
    ["p90", 90, "open", 30],
    ["won", 100, "won", null],
    ["lost", 0, "lost", null],
  ];
  for (const [i, [key, probability, kind, stall]] of specs.entries()) {
    stage[key] = (
      await db
        .insertInto("stages")
        .values({
          pipeline_id: pipeline,
          position: i + 1,
          key,
          name_zh: key,
          name_en: key,
          probability,
          kind,
          definition_zh: null,
          definition_en: null,
          stall_days: stall,
          owner_role: null,
          target_conversion: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  }
  const customer = (
    await db
      .insertInto("customers")
      .values({
        external_id: null,
        name: "测试客户",
        name_norm: "测试客户",
        credit_code: null,
        industry: null,
        region: null,
        size_band: "L",
        channel: null,
        owner_id: ids.rep,
        credit_rating: null,
        prospect_rating: null,
        lifecycle_stage: null,
        priority: null,
        tags: "[]",
        notes: null,
        duplicate_of: null,
        next_follow_up_date: null,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  const opp = async (
    owner: number,
    title: string,
    yuan: number,
    st: string,
    category: "commit" | "best_case" | "pipeline" | "omitted",
    close: string,
    status: "open" | "won" = "open",
    closedAt: number | null = null,
  ) => {
    const created = now - 60 * 86_400_000;
    const id = (
      await db
        .insertInto("opportunities")
        .values({
          external_id: null,
          pipeline_id: pipeline,
          stage_id: stage[st],
          customer_id: customer,
          owner_id: owner,
          title,
          amount_fen: yuan * YUAN,
          units: 1,
          product: null,
          expected_close_date: close,
          source: "inbound",
          forecast_category: category,
          probability_override: null,
          status,
          lost_reason: null,
          closed_at: closedAt,
          stage_entered_at: created,
          created_at: created,
          updated_at: created,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto("stage_events")
      .values({
        opportunity_id: id,
        from_stage_id: null,
        to_stage_id: stage[st === "won" ? "p90" : st],
        kind: "create",
        reason: null,
        override: 0,
        actor_id: owner,
        at: created,
      })
      .execute();
    if (status === "won")
      await db
        .insertInto("stage_events")
        .values({
          opportunity_id: id,
          from_stage_id: stage.p90,
          to_stage_id: stage.won,
          kind: "won",
          reason: null,
          override: 0,
          actor_id: owner,
          at: closedAt!,
        })
        .execute();
    return id;
  };
  const o = {
    repCommit: await opp(ids.rep, "rep commit", 100_000, "p75", "commit", "2026-06-20"),
    repBest: await opp(ids.rep, "rep best", 40_000, "p50", "best_case", "2026-06-25"),
    repPipe: await opp(ids.rep, "rep pipe", 30_000, "p10", "pipeline", "2026-05-30"),
    repWon: await opp(ids.rep, "rep won", 60_000, "won", "commit", "2026-05-10", "won", dateStart("2026-05-10", SH)),
    rep2Commit: await opp(ids.rep2, "rep2 commit", 50_000, "p90", "commit", "2026-06-30"),
    rep2Omit: await opp(ids.rep2, "rep2 omitted", 20_000, "p25", "omitted", "2026-06-30"),
    otherPipe: await opp(ids.otherRep, "other pipe", 80_000, "p25", "pipeline", "2026-04-30"),
    otherWon: await opp(ids.otherRep, "other won", 15_000, "won", "commit", "2026-04-20", "won", dateStart("2026-04-20", SH)),
    nextQuarter: await opp(ids.rep, "next quarter", 999_000, "p90", "commit", "2026-07-01"),
  };
  await opportunitiesChanged(db, Object.values(o)); // the read models, as a writer keeps them
  return { pipeline, stage, customer, o };
}
