/** An admin's edits of pipelines, stages, exit checklists, actions and lost reasons: each write with its audit row in one transaction. */
import { audit } from "../audit/log";
import type { Viewer } from "../access/viewer";
import { AppError, conflict, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx } from "../db/tx";
import { stageProbabilityChanged } from "../readmodels/maintain";
import { installTemplateIn } from "./install";

export async function createPipeline(
  db: Db,
  actor: Viewer,
  p: { template: string; key: string; nameZh?: string; nameEn?: string },
  now: number,
): Promise<number> {
  return inTx(db, async (tx) => {
    if (await tx.selectFrom("pipelines").select("id").where("key", "=", p.key).executeTakeFirst())
      throw new AppError("DUPLICATE", `a pipeline with key "${p.key}" exists; choose another key`, "key");
    const id = await installTemplateIn(tx, p.template, now, { key: p.key, nameZh: p.nameZh, nameEn: p.nameEn });
    await audit(tx, actor.id, "pipeline", id, "create", { template: p.template, key: p.key }, now);
    return id;
  });
}

export interface PipelinePatch {
  nameZh?: string;
  nameEn?: string;
  skipRule?: "strict" | "warn";
  checklistRule?: "strict" | "warn";
  archived?: boolean;
}

/** Version-checked update: 404 for no such pipeline, 409 when `version` is stale. */
export async function updatePipeline(db: Db, actor: Viewer, id: number, version: number, b: PipelinePatch, now: number): Promise<void> {
  await inTx(db, async (tx) => {
    const cur = await tx.selectFrom("pipelines").selectAll().where("id", "=", id).executeTakeFirst();
    if (!cur) throw notFound("pipeline");
    const patch = {
      name_zh: b.nameZh,
      name_en: b.nameEn,
      skip_rule: b.skipRule,
      checklist_rule: b.checklistRule,
      archived: b.archived === undefined ? undefined : b.archived ? 1 : 0,
    };
    const r = await tx
      .updateTable("pipelines")
      .set({ ...patch, version: cur.version + 1 })
      .where("id", "=", cur.id)
      .where("version", "=", version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict("pipeline", version, cur.version);
    await configChanged(tx, cur.id);
    await audit(tx, actor.id, "pipeline", cur.id, "update", { ...b }, now);
  });
}

export interface StagePatch {
  nameZh?: string;
  nameEn?: string;
  probability?: number;
  definitionZh?: string | null;
  definitionEn?: string | null;
  stallDays?: number | null;
  ownerRole?: string | null;
  targetConversion?: number | null;
}

/** Updates a stage and returns its pipeline id; Won stays at 100 % and Lost at 0 %. */
export async function updateStage(db: Db, actor: Viewer, id: number, b: StagePatch, now: number): Promise<number> {
  return inTx(db, async (tx) => {
    const s = await tx.selectFrom("stages").selectAll().where("id", "=", id).executeTakeFirst();
    if (!s) throw notFound("stage");
    if (b.probability !== undefined && s.kind !== "open" && b.probability !== s.probability)
      throw new AppError("RULE", "Won stays at 100 % and Lost at 0 %", "probability");
    await tx
      .updateTable("stages")
      .set({
        name_zh: b.nameZh,
        name_en: b.nameEn,
        probability: b.probability,
        definition_zh: b.definitionZh,
        definition_en: b.definitionEn,
        stall_days: b.stallDays,
        owner_role: b.ownerRole,
        target_conversion: b.targetConversion,
      })
      .where("id", "=", s.id)
      .execute();
    if (b.probability !== undefined && b.probability !== s.probability) await stageProbabilityChanged(tx, [s.id]);
    await audit(tx, actor.id, "stage", s.id, "update", { ...b }, now);
    return configChanged(tx, s.pipeline_id);
  });
}

/** A stage's exit checklist (stage_criteria) or recommended actions (stage_actions). */
export type StageList = "stage_criteria" | "stage_actions";
export interface StageText {
  textZh: string;
  textEn: string;
}

async function pipelineOfStage(tx: DbOrTx, stageId: number): Promise<number> {
  return configChanged(tx, (await tx.selectFrom("stages").select("pipeline_id").where("id", "=", stageId).executeTakeFirstOrThrow()).pipeline_id);
}

/** Marks the pipeline's rules, stages or criteria as changed (the move path's cache key) and returns its id. */
export async function configChanged(tx: DbOrTx, pipelineId: number): Promise<number> {
  await tx
    .updateTable("pipelines")
    .set((eb) => ({ config_version: eb("config_version", "+", 1) }))
    .where("id", "=", pipelineId)
    .execute();
  return pipelineId;
}

/** Appends an item to a stage's list and returns the stage's pipeline id. */
export async function addStageItem(db: Db, actor: Viewer, table: StageList, stageId: number, text: StageText, now: number): Promise<number> {
  return inTx(db, async (tx) => {
    const s = await tx.selectFrom("stages").select(["id", "pipeline_id"]).where("id", "=", stageId).executeTakeFirst();
    if (!s) throw notFound("stage");
    const last = await tx
      .selectFrom(table)
      .select((eb) => eb.fn.max("position").as("p"))
      .where("stage_id", "=", s.id)
      .executeTakeFirst();
    const { id } = await tx
      .insertInto(table)
      .values({ stage_id: s.id, position: Number(last?.p ?? -1) + 1, text_zh: text.textZh, text_en: text.textEn })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, actor.id, table, id, "create", { ...text }, now);
    return configChanged(tx, s.pipeline_id);
  });
}

/** Edits an item's text and returns its pipeline id; `what` names the item in a 404. */
export async function updateStageItem(
  db: Db,
  actor: Viewer,
  table: StageList,
  what: string,
  id: number,
  text: Partial<StageText>,
  now: number,
): Promise<number> {
  return inTx(db, async (tx) => {
    const row = await tx.selectFrom(table).select(["id", "stage_id"]).where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound(what);
    await tx.updateTable(table).set({ text_zh: text.textZh, text_en: text.textEn }).where("id", "=", row.id).execute();
    await audit(tx, actor.id, table, row.id, "update", { ...text }, now);
    return pipelineOfStage(tx, row.stage_id);
  });
}

export async function deleteStageItem(db: Db, actor: Viewer, table: StageList, what: string, id: number, now: number): Promise<number> {
  return inTx(db, async (tx) => {
    const row = await tx.selectFrom(table).selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound(what);
    await tx.deleteFrom(table).where("id", "=", row.id).execute();
    await audit(tx, actor.id, table, row.id, "delete", { textZh: row.text_zh }, now);
    return pipelineOfStage(tx, row.stage_id);
  });
}

export interface LostReasonView {
  id: number;
  key: string;
  nameZh: string;
  nameEn: string;
  active: boolean;
}

export async function listLostReasons(db: DbOrTx): Promise<LostReasonView[]> {
  return (await db.selectFrom("lost_reasons").selectAll().orderBy("position").execute()).map((r) => ({
    id: r.id,
    key: r.key,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    active: !!r.active,
  }));
}

export async function createLostReason(db: Db, actor: Viewer, r: { key: string; nameZh: string; nameEn: string }, now: number): Promise<number> {
  return inTx(db, async (tx) => {
    if (await tx.selectFrom("lost_reasons").select("id").where("key", "=", r.key).executeTakeFirst())
      throw new AppError("DUPLICATE", `lost reason "${r.key}" exists`, "key");
    const n = await tx
      .selectFrom("lost_reasons")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const { id } = await tx
      .insertInto("lost_reasons")
      .values({ key: r.key, name_zh: r.nameZh, name_en: r.nameEn, active: 1, position: Number(n.n) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(tx, actor.id, "lost_reason", id, "create", { ...r }, now);
    return id;
  });
}

export async function updateLostReason(
  db: Db,
  actor: Viewer,
  id: number,
  b: { nameZh?: string; nameEn?: string; active?: boolean },
  now: number,
): Promise<void> {
  await inTx(db, async (tx) => {
    const r = await tx
      .updateTable("lost_reasons")
      .set({ name_zh: b.nameZh, name_en: b.nameEn, active: b.active === undefined ? undefined : b.active ? 1 : 0 })
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound("lost reason");
    await audit(tx, actor.id, "lost_reason", id, "update", { ...b }, now);
  });
}
