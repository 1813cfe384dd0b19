/** Writes the shipped templates and lost reasons into pipelines, stages, stage_criteria, stage_actions, lost_reasons. */
import { AppError } from "../core/errors";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx } from "../db/tx";
import { LOST_REASONS, type PipelineTemplate, templateByKey, TEMPLATES } from "./templates";

export interface InstallOptions {
  /** install under another pipeline key (a second copy of a template) */
  key?: string;
  nameZh?: string;
  nameEn?: string;
}

async function insertPipeline(tx: DbOrTx, t: PipelineTemplate, now: number, opts: InstallOptions): Promise<number> {
  const { id: pipelineId } = await tx
    .insertInto("pipelines")
    .values({
      key: opts.key ?? t.key,
      name_zh: opts.nameZh ?? t.name.zh,
      name_en: opts.nameEn ?? t.name.en,
      kind: t.kind,
      // Deals move one stage at a time (003); customers may be re-classified freely.
      skip_rule: t.kind === "deal" ? "strict" : "warn",
      checklist_rule: "warn",
      template: t.key,
      archived: 0,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [position, s] of t.stages.entries()) {
    const { id: stageId } = await tx
      .insertInto("stages")
      .values({
        pipeline_id: pipelineId,
        position,
        key: s.key,
        name_zh: s.name.zh,
        name_en: s.name.en,
        probability: s.probability,
        kind: s.kind,
        definition_zh: s.definition.zh,
        definition_en: s.definition.en,
        stall_days: s.stallDays,
        owner_role: s.ownerRole,
        target_conversion: s.targetConversion ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (s.criteria.length)
      await tx
        .insertInto("stage_criteria")
        .values(s.criteria.map((c, i) => ({ stage_id: stageId, position: i, text_zh: c.zh, text_en: c.en })))
        .execute();
    if (s.actions.length)
      await tx
        .insertInto("stage_actions")
        .values(s.actions.map((a, i) => ({ stage_id: stageId, position: i, text_zh: a.zh, text_en: a.en })))
        .execute();
  }
  return pipelineId;
}

/** Installs one template as a new pipeline (in a transaction) and returns the pipeline id. */
export async function installTemplate(db: Db, key: string, now: number, opts: InstallOptions = {}): Promise<number> {
  return inTx(db, (tx) => installTemplateIn(tx, key, now, opts));
}

/** installTemplate inside the caller's transaction (so the caller's audit row commits with it). */
export async function installTemplateIn(tx: DbOrTx, key: string, now: number, opts: InstallOptions = {}): Promise<number> {
  const t = templateByKey(key);
  if (!t) throw new AppError("INVALID", `unknown pipeline template "${key}"`, "template");
  return insertPipeline(tx, t, now, opts);
}

/**
 * Installs every template whose key is not taken yet and every missing lost reason; running it again changes
 * nothing. Returns the keys of the pipelines it created.
 */
export async function installDefaults(db: Db, now: number): Promise<string[]> {
  return inTx(db, async (tx) => {
    const have = new Set((await tx.selectFrom("pipelines").select("key").execute()).map((r) => r.key));
    const created: string[] = [];
    for (const t of TEMPLATES) {
      if (have.has(t.key)) continue;
      await insertPipeline(tx, t, now, {});
      created.push(t.key);
    }
    const reasons = new Set((await tx.selectFrom("lost_reasons").select("key").execute()).map((r) => r.key));
    const missing = LOST_REASONS.map((r, position) => ({ r, position })).filter(({ r }) => !reasons.has(r.key));
    if (missing.length)
      await tx
        .insertInto("lost_reasons")
        .values(missing.map(({ r, position }) => ({ key: r.key, name_zh: r.name.zh, name_en: r.name.en, active: 1, position })))
        .execute();
    return created;
  });
}
