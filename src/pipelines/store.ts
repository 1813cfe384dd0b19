/** Reads pipelines with their stages, exit checklists and recommended actions, shaped for the API. */
import type { DbOrTx } from "../db/tx";
import type { Row } from "../db/schema";
import { notFound } from "../core/errors";

export interface StageView {
  id: number;
  key: string;
  position: number;
  nameZh: string;
  nameEn: string;
  probability: number;
  kind: "open" | "won" | "lost";
  definitionZh: string | null;
  definitionEn: string | null;
  stallDays: number | null;
  ownerRole: string | null;
  targetConversion: number | null;
  criteria: Array<{ id: number; position: number; textZh: string; textEn: string }>;
  actions: Array<{ id: number; position: number; textZh: string; textEn: string }>;
}
export interface PipelineView {
  id: number;
  key: string;
  nameZh: string;
  nameEn: string;
  kind: "deal" | "customer";
  skipRule: "strict" | "warn";
  checklistRule: "strict" | "warn";
  template: string | null;
  archived: boolean;
  version: number;
  stages: StageView[];
  /** stages removed from the pipeline (kept so history still names them), with when they were removed */
  archivedStages: Array<StageView & { archivedAt: number }>;
}

export async function listPipelines(db: DbOrTx, ids?: number[]): Promise<PipelineView[]> {
  let q = db.selectFrom("pipelines").selectAll().orderBy("id");
  if (ids) q = q.where("id", "in", ids.length ? ids : [-1]);
  const pipelines = await q.execute();
  if (!pipelines.length) return [];
  const stages = await db
    .selectFrom("stages")
    .selectAll()
    .where(
      "pipeline_id",
      "in",
      pipelines.map((p) => p.id),
    )
    .orderBy("position")
    .execute();
  const stageIds = stages.map((s) => s.id);
  const criteria = stageIds.length ? await db.selectFrom("stage_criteria").selectAll().where("stage_id", "in", stageIds).orderBy("position").execute() : [];
  const actions = stageIds.length ? await db.selectFrom("stage_actions").selectAll().where("stage_id", "in", stageIds).orderBy("position").execute() : [];
  return pipelines.map((p) =>
    pipelineView(
      p,
      stages.filter((s) => s.pipeline_id === p.id),
      criteria,
      actions,
    ),
  );
}

export async function getPipeline(db: DbOrTx, id: number): Promise<PipelineView> {
  const [p] = await listPipelines(db, [id]);
  if (!p) throw notFound("pipeline");
  return p;
}

function pipelineView(p: Row<"pipelines">, stages: Row<"stages">[], criteria: Row<"stage_criteria">[], actions: Row<"stage_actions">[]): PipelineView {
  const live = stages.filter((s) => s.archived_at == null);
  return {
    id: p.id,
    key: p.key,
    nameZh: p.name_zh,
    nameEn: p.name_en,
    kind: p.kind,
    skipRule: p.skip_rule,
    checklistRule: p.checklist_rule,
    template: p.template,
    archived: !!p.archived,
    version: p.version,
    stages: live.map((s) => stageView(s, criteria, actions)),
    archivedStages: stages.filter((s) => s.archived_at != null).map((s) => ({ ...stageView(s, criteria, actions), archivedAt: Number(s.archived_at) })),
  };
}

function stageView(s: Row<"stages">, criteria: Row<"stage_criteria">[], actions: Row<"stage_actions">[]): StageView {
  return {
    id: s.id,
    key: s.key,
    position: s.position,
    nameZh: s.name_zh,
    nameEn: s.name_en,
    probability: s.probability,
    kind: s.kind,
    definitionZh: s.definition_zh,
    definitionEn: s.definition_en,
    stallDays: s.stall_days,
    ownerRole: s.owner_role,
    targetConversion: s.target_conversion,
    criteria: criteria.filter((c) => c.stage_id === s.id).map((c) => ({ id: c.id, position: c.position, textZh: c.text_zh, textEn: c.text_en })),
    actions: actions.filter((a) => a.stage_id === s.id).map((a) => ({ id: a.id, position: a.position, textZh: a.text_zh, textEn: a.text_en })),
  };
}
