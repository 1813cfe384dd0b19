/**
 * The pipeline builder's writes: a pipeline from scratch, a stage added, removed (archived, its opportunities moved
 * with a stage event each) or reordered, a pipeline copied. Each write with its audit row in one transaction; the
 * rules are the pure ones in builder.ts.
 */
import { audit } from "../audit/log";
import type { Viewer } from "../access/viewer";
import { AppError, conflict, notFound } from "../core/errors";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx, type Tx } from "../db/tx";
import { opportunitiesChanged } from "../readmodels/maintain";
import { configChanged } from "./admin-store";
import {
  checkRemoval,
  checkStage,
  checkStageOrder,
  insertAt,
  layout,
  type LiveStage,
  type PipelineInput,
  planPipeline,
  removalMoveKind,
  type StageInput,
  type StageRow,
  stageKey,
} from "./builder";

async function assertKeyFree(tx: DbOrTx, key: string): Promise<void> {
  if (await tx.selectFrom("pipelines").select("id").where("key", "=", key).executeTakeFirst())
    throw new AppError("DUPLICATE", `a pipeline with key "${key}" exists; choose another key`, "key", undefined, { rule: "pipelineKey" });
}

async function insertStage(tx: DbOrTx, pipelineId: number, position: number, s: StageRow, targetConversion: number | null = null): Promise<number> {
  const { id } = await tx
    .insertInto("stages")
    .values({
      pipeline_id: pipelineId,
      position,
      key: s.key,
      name_zh: s.nameZh,
      name_en: s.nameEn,
      probability: s.probability,
      kind: s.kind,
      definition_zh: s.definitionZh,
      definition_en: s.definitionEn,
      stall_days: s.stallDays,
      owner_role: s.ownerRole,
      target_conversion: targetConversion,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (s.criteria.length)
    await tx
      .insertInto("stage_criteria")
      .values(s.criteria.map((c, i) => ({ stage_id: id, position: i, text_zh: c.textZh, text_en: c.textEn })))
      .execute();
  if (s.actions.length)
    await tx
      .insertInto("stage_actions")
      .values(s.actions.map((a, i) => ({ stage_id: id, position: i, text_zh: a.textZh, text_en: a.textEn })))
      .execute();
  return id;
}

/** A pipeline built from scratch: its open stages in order, then Won and Lost (deal pipelines). Returns its id. */
export async function createFromScratch(db: Db, actor: Viewer, p: PipelineInput, now: number): Promise<number> {
  const stages = planPipeline(p);
  return inTx(db, async (tx) => {
    await assertKeyFree(tx, p.key);
    const kind = p.kind ?? "deal";
    const { id } = await tx
      .insertInto("pipelines")
      .values({
        key: p.key,
        name_zh: p.nameZh.trim(),
        name_en: p.nameEn.trim(),
        kind,
        skip_rule: p.skipRule ?? (kind === "deal" ? "strict" : "warn"),
        checklist_rule: p.checklistRule ?? "warn",
        template: null,
        archived: 0,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [position, s] of stages.entries()) await insertStage(tx, id, position, s);
    await audit(tx, actor.id, "pipeline", id, "create", { key: p.key, stages: stages.map((s) => s.key) }, now);
    return id;
  });
}

/** The pipeline's live (not archived) stages, locked for the rest of the transaction on PostgreSQL via the pipeline row. */
async function liveStages(tx: Tx, pipelineId: number): Promise<LiveStage[]> {
  const rows = await tx
    .selectFrom("stages")
    .select(["id", "key", "kind", "position", "name_en"])
    .where("pipeline_id", "=", pipelineId)
    .where("archived_at", "is", null)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ id: r.id, key: r.key, kind: r.kind, position: r.position, nameEn: r.name_en }));
}

/** Reads the pipeline, checks `version` when given, and bumps it (so two builders editing at once answer 409). */
async function claimPipeline(tx: Tx, id: number, version: number | undefined): Promise<{ id: number; kind: "deal" | "customer" }> {
  const p = await tx.selectFrom("pipelines").select(["id", "version", "kind"]).where("id", "=", id).executeTakeFirst();
  if (!p) throw notFound("pipeline");
  const expected = version ?? p.version;
  const r = await tx
    .updateTable("pipelines")
    .set({ version: p.version + 1 })
    .where("id", "=", id)
    .where("version", "=", expected)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw conflict("pipeline", expected, p.version);
  return p;
}

async function writeLayout(tx: Tx, positions: Array<[number, number]>): Promise<void> {
  for (const [id, position] of positions) await tx.updateTable("stages").set({ position }).where("id", "=", id).execute();
}

/** Adds an open stage at `position` (its index among the open stages; default last, before Won). Returns its id. */
export async function addStage(
  db: Db,
  actor: Viewer,
  pipelineId: number,
  s: StageInput & { position?: number; version?: number },
  now: number,
): Promise<number> {
  const row = checkStage(s, "stage");
  return inTx(db, async (tx) => {
    await claimPipeline(tx, pipelineId, s.version);
    const live = await liveStages(tx, pipelineId);
    insertAt(live, -1, s.position); // checks the position before anything is written
    const all = new Set((await tx.selectFrom("stages").select("key").where("pipeline_id", "=", pipelineId).execute()).map((r) => r.key));
    if (row.key && all.has(row.key)) throw new AppError("DUPLICATE", `the pipeline has a stage with key "${row.key}"`, "key", undefined, { rule: "stageKey" });
    if (live.some((x) => x.nameEn.toLowerCase() === row.nameEn.toLowerCase()))
      throw new AppError("DUPLICATE", `the pipeline has a stage named "${row.nameEn}"`, "nameEn", undefined, { rule: "stageName" });
    if (!row.key) row.key = stageKey(row.nameEn, all, live.length);
    const id = await insertStage(tx, pipelineId, live.length, row);
    await writeLayout(tx, layout(live, insertAt(live, id, s.position)));
    await configChanged(tx, pipelineId);
    await audit(tx, actor.id, "stage", id, "create", { pipelineId, key: row.key, position: s.position ?? null }, now);
    return id;
  });
}

export interface RemovalResult {
  pipelineId: number;
  moved: number[];
  movedCustomers: number[];
  moveTo: number | null;
}

/**
 * Removes an open stage: its open opportunities move to `moveTo` (required when it holds any), each with a stage
 * event of its own (advance or back, reason "stage removed"), then the stage is archived and the rest renumbered.
 */
export async function removeStage(db: Db, actor: Viewer, stageId: number, moveTo: number | undefined, now: number, version?: number): Promise<RemovalResult> {
  return inTx(db, async (tx) => {
    const st = await tx
      .selectFrom("stages")
      .select(["id", "pipeline_id", "key", "name_zh", "name_en", "archived_at"])
      .where("id", "=", stageId)
      .executeTakeFirst();
    if (!st || st.archived_at != null) throw notFound("stage");
    const pipeline = await claimPipeline(tx, st.pipeline_id, version);
    const live = await liveStages(tx, st.pipeline_id);
    const holding = await tx.selectFrom("opportunities").select(["id", "version"]).where("stage_id", "=", stageId).orderBy("id").execute();
    // A customer-lifecycle stage is held by the customers whose lifecycle stage it is (customers.lifecycle_stage = key).
    const customers =
      pipeline.kind === "customer"
        ? (await tx.selectFrom("customers").select("id").where("lifecycle_stage", "=", st.key).orderBy("id").execute()).map((c) => c.id)
        : [];
    const target = checkRemoval(live, stageId, holding.length + customers.length, moveTo);
    if (target != null && customers.length) {
      const key = live.find((x) => x.id === target)!.key;
      await tx
        .updateTable("customers")
        .set((eb) => ({ lifecycle_stage: key, updated_at: now, version: eb("version", "+", 1) }))
        .where("id", "in", customers)
        .execute();
      for (const id of customers)
        await audit(tx, actor.id, "customer", id, "update", { lifecycleStage: [st.key, key], reason: `stage removed: ${st.name_zh} / ${st.name_en}` }, now);
    }
    const ids = holding.map((o) => o.id);
    if (target != null && ids.length) {
      const from = live.find((x) => x.id === stageId)!;
      const to = live.find((x) => x.id === target)!;
      const kind = removalMoveKind(from, to);
      const reason = `stage removed: ${st.name_zh} / ${st.name_en}`;
      await tx
        .updateTable("opportunities")
        .set((eb) => ({ stage_id: target, stage_entered_at: now, updated_at: now, version: eb("version", "+", 1) }))
        .where("id", "in", ids)
        .execute();
      await tx
        .insertInto("stage_events")
        .values(
          ids.map((id) => ({
            opportunity_id: id,
            from_stage_id: stageId,
            to_stage_id: target,
            kind,
            reason,
            override: 0,
            actor_id: actor.id,
            at: now,
          })),
        )
        .execute();
      for (const id of ids) await audit(tx, actor.id, "opportunity", id, kind, { stage: [stageId, target], reason }, now);
      await opportunitiesChanged(tx, ids);
    }
    // The others keep their positions (a gap is fine: order is by position), so the removed stage keeps its place
    // among them for a snapshot as of a date before the removal.
    await tx.updateTable("stages").set({ archived_at: now }).where("id", "=", stageId).execute();
    await configChanged(tx, st.pipeline_id);
    await audit(tx, actor.id, "stage", stageId, "archive", { moveTo: target, moved: ids, customers }, now);
    return { pipelineId: st.pipeline_id, moved: ids, movedCustomers: customers, moveTo: target };
  });
}

/** Puts the open stages in the given order (Won and Lost stay last). */
export async function reorderStages(db: Db, actor: Viewer, pipelineId: number, order: number[], now: number, version?: number): Promise<void> {
  await inTx(db, async (tx) => {
    await claimPipeline(tx, pipelineId, version);
    const live = await liveStages(tx, pipelineId);
    const before = live.filter((x) => x.kind === "open").map((x) => x.id);
    await writeLayout(tx, layout(live, checkStageOrder(live, order)));
    await configChanged(tx, pipelineId);
    await audit(tx, actor.id, "pipeline", pipelineId, "reorder", { stageIds: [before, order] }, now);
  });
}

/** A copy of a pipeline's live stages (with their checklists and actions) and rules under a new key. */
export async function copyPipeline(
  db: Db,
  actor: Viewer,
  sourceId: number,
  c: { key: string; nameZh?: string; nameEn?: string },
  now: number,
): Promise<number> {
  return inTx(db, async (tx) => {
    const p = await tx.selectFrom("pipelines").selectAll().where("id", "=", sourceId).executeTakeFirst();
    if (!p) throw notFound("pipeline");
    await assertKeyFree(tx, c.key);
    const { id } = await tx
      .insertInto("pipelines")
      .values({
        key: c.key,
        name_zh: c.nameZh?.trim() || `${p.name_zh}(副本)`,
        name_en: c.nameEn?.trim() || `${p.name_en} (copy)`,
        kind: p.kind,
        skip_rule: p.skip_rule,
        checklist_rule: p.checklist_rule,
        template: p.template,
        archived: 0,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const stages = await tx.selectFrom("stages").selectAll().where("pipeline_id", "=", sourceId).where("archived_at", "is", null).orderBy("position").execute();
    const sids = stages.map((s) => s.id);
    const crit = sids.length ? await tx.selectFrom("stage_criteria").selectAll().where("stage_id", "in", sids).orderBy("position").execute() : [];
    const acts = sids.length ? await tx.selectFrom("stage_actions").selectAll().where("stage_id", "in", sids).orderBy("position").execute() : [];
    for (const [position, s] of stages.entries())
      await insertStage(
        tx,
        id,
        position,
        {
          key: s.key,
          nameZh: s.name_zh,
          nameEn: s.name_en,
          probability: s.probability,
          kind: s.kind,
          definitionZh: s.definition_zh,
          definitionEn: s.definition_en,
          stallDays: s.stall_days,
          ownerRole: s.owner_role,
          criteria: crit.filter((x) => x.stage_id === s.id).map((x) => ({ textZh: x.text_zh, textEn: x.text_en })),
          actions: acts.filter((x) => x.stage_id === s.id).map((x) => ({ textZh: x.text_zh, textEn: x.text_en })),
        },
        s.target_conversion,
      );
    await audit(tx, actor.id, "pipeline", id, "copy", { from: sourceId, key: c.key }, now);
    return id;
  });
}
