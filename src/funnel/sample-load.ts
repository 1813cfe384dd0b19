/** Test helper: writes the hand-worked sample funnel into a database, returning the real ids it got. */
import { opportunitiesChanged } from "../readmodels/maintain";
import type { Db } from "../db/connect";
import { type StageInfo, ladder } from "./ladder";
import { sampleOpportunities, sampleStages } from "./sample-funnel";

export interface LoadedSample {
  pipelineId: number;
  /** sample stage id (1…6) → database id */
  stage: (sampleId: number) => number;
  /** sample opportunity id (1…7) → database id */
  opp: (sampleId: number) => number;
  stages: StageInfo[];
}

/** `owners` maps the sample's owner 1 and 2 to users; `customerId` is used for every opportunity. */
export async function loadSample(
  db: Db,
  owners: { 1: number; 2: number },
  now: number,
  customerIds: { 1: number; 2: number } = { 1: 1, 2: 2 },
): Promise<LoadedSample> {
  const p = await db
    .insertInto("pipelines")
    .values({
      key: `sample_${Math.random().toString(36).slice(2, 8)}`,
      name_zh: "样例",
      name_en: "Sample",
      kind: "deal",
      skip_rule: "warn",
      checklist_rule: "warn",
      template: null,
      archived: 0,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const stageIds = new Map<number, number>();
  for (const s of sampleStages) {
    const r = await db
      .insertInto("stages")
      .values({
        pipeline_id: p.id,
        position: s.position,
        key: s.key,
        name_zh: s.nameZh,
        name_en: s.nameEn,
        probability: s.probability,
        kind: s.kind,
        definition_zh: null,
        definition_en: null,
        stall_days: s.stallDays,
        owner_role: null,
        target_conversion: s.targetConversion,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    stageIds.set(s.id, r.id);
  }
  const stage = (id: number) => stageIds.get(id)!;
  const oppIds = new Map<number, number>();
  for (const o of sampleOpportunities) {
    const owner = owners[o.ownerId as 1 | 2];
    const r = await db
      .insertInto("opportunities")
      .values({
        external_id: null,
        pipeline_id: p.id,
        stage_id: stage(o.stageId),
        customer_id: customerIds[o.ownerId as 1 | 2],
        owner_id: owner,
        title: `sample ${o.id}`,
        amount_fen: o.amountFen,
        units: 1,
        product: null,
        expected_close_date: null,
        source: o.source,
        forecast_category: "pipeline",
        probability_override: null,
        status: o.status,
        lost_reason: o.status === "lost" ? "budget" : null,
        closed_at: o.closedAt,
        stage_entered_at: o.stageEnteredAt,
        created_at: o.createdAt,
        updated_at: o.createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    oppIds.set(o.id, r.id);
    for (const e of o.events)
      await db
        .insertInto("stage_events")
        .values({
          opportunity_id: r.id,
          from_stage_id: e.fromStageId == null ? null : stage(e.fromStageId),
          to_stage_id: stage(e.toStageId),
          kind: e.kind,
          reason: null,
          override: 0,
          actor_id: owner,
          at: e.at,
        })
        .execute();
  }
  await opportunitiesChanged(db, oppIds.values());
  const stages = sampleStages.map((s) => ({ ...s, id: stage(s.id) }));
  ladder(stages);
  return { pipelineId: p.id, stage, opp: (id) => oppIds.get(id)!, stages };
}
