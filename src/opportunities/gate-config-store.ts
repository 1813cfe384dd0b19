/**
 * The pipeline as the move path needs it — rules, stages with their exit criteria, and each stage's display fields —
 * cached per database handle and pipeline by pipelines.config_version (bumped by every edit of rules, stages or
 * criteria), so a move reads the version with the opportunity and loads the configuration only when it changed.
 */
import type { Db } from "../db/connect";
import type { DbOrTx } from "../db/tx";
import type { GatePipeline } from "./gate";

export interface StageView {
  key: string;
  name_zh: string;
  name_en: string;
  probability: number;
  stall_days: number | null;
}
export interface GateConfig {
  version: number;
  pipeline: GatePipeline;
  stages: Map<number, StageView>;
}

const caches = new WeakMap<Db, Map<number, GateConfig>>();

/** Two queries on a miss: the pipeline's rules, then its stages joined with their criteria. */
async function loadConfig(tx: DbOrTx, pipelineId: number, version: number): Promise<GateConfig> {
  const p = await tx.selectFrom("pipelines").select(["skip_rule", "checklist_rule"]).where("id", "=", pipelineId).executeTakeFirstOrThrow();
  const rows = await tx
    .selectFrom("stages as s")
    .leftJoin("stage_criteria as c", "c.stage_id", "s.id")
    .select(["s.id", "s.position", "s.kind", "s.key", "s.name_zh", "s.name_en", "s.probability", "s.stall_days", "c.id as criterion_id"])
    .where("s.pipeline_id", "=", pipelineId)
    .where("s.archived_at", "is", null)
    .orderBy("s.position")
    .orderBy("c.position")
    .execute();
  const gate = new Map<number, GatePipeline["stages"][number]>();
  const stages = new Map<number, StageView>();
  for (const r of rows) {
    let st = gate.get(r.id);
    if (!st) {
      gate.set(r.id, (st = { id: r.id, position: r.position, kind: r.kind, criteriaIds: [], nameZh: r.name_zh, nameEn: r.name_en }));
      stages.set(r.id, { key: r.key, name_zh: r.name_zh, name_en: r.name_en, probability: r.probability, stall_days: r.stall_days });
    }
    if (r.criterion_id != null) st.criteriaIds.push(r.criterion_id);
  }
  return { version, pipeline: { skipRule: p.skip_rule, checklistRule: p.checklist_rule, stages: [...gate.values()] }, stages };
}

/** The configuration at `version`, from the cache of `db` when it holds that version, else read through `tx`. */
export async function gateConfig(db: Db, tx: DbOrTx, pipelineId: number, version: number): Promise<GateConfig> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(pipelineId);
  if (hit && hit.version === version) return hit;
  const c = await loadConfig(tx, pipelineId, version);
  cache.set(pipelineId, c);
  return c;
}
