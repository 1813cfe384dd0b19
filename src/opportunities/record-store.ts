/** An opportunity's record in the database: create (with its first stage event), detail, edit and exit-checklist ticks — writes with their audit rows in one transaction. */
import { assertEditableOpportunity } from "./editable-store";
import { assertCanAssign } from "../access/assign";
import { fillPinyin } from "../search/pinyin-store";
import type { Viewer } from "../access/viewer";
import { audit, changes } from "../audit/log";
import { AppError, notFound } from "../core/errors";
import { getVisibleCustomer } from "../customers/store";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx } from "../db/tx";
import { updateVersioned } from "../db/versioned";
import { getPipeline } from "../pipelines/store";
import { opportunitiesChanged } from "../readmodels/maintain";
import { assertAmountFollowsLines } from "../products/lines-store";
import { getVisibleOpportunity } from "./store";
import { customAudit, saveCustom } from "../fields/values-store";
import { activityView } from "../activities/view-store";

type Source = "cold_visit" | "follow_up" | "penetration" | "cultivation" | "inbound";
type Category = "commit" | "best_case" | "pipeline" | "omitted";

export interface OpportunityFields {
  title?: string;
  amountFen?: number;
  units?: number;
  product?: string | null;
  expectedCloseDate?: string | null;
  source?: Source | null;
  forecastCategory?: Category;
  probabilityOverride?: number | null;
  ownerId?: number;
  externalId?: string | null;
  custom?: Record<string, unknown>;
}

/** Creates an opportunity in the first open stage of a deal pipeline, with its "create" stage event. */
export async function createOpportunity(
  db: Db,
  viewer: Viewer,
  b: OpportunityFields & { title: string; amountFen: number; customerId: number; pipelineId: number },
  now: number,
): Promise<number> {
  if (!(await getVisibleCustomer(db, viewer, b.customerId))) throw new AppError("INVALID", "customerId is not a customer you can see", "customerId");
  const pipeline = await db.selectFrom("pipelines").select(["id", "kind", "archived"]).where("id", "=", b.pipelineId).executeTakeFirst();
  if (!pipeline || pipeline.kind !== "deal") throw new AppError("INVALID", "pipelineId is not a deal pipeline", "pipelineId");
  if (pipeline.archived) throw new AppError("INVALID", "pipelineId is an archived pipeline", "pipelineId", undefined, { rule: "pipelineArchived" });
  const first = await db
    .selectFrom("stages")
    .select("id")
    .where("pipeline_id", "=", b.pipelineId)
    .where("kind", "=", "open")
    .where("archived_at", "is", null)
    .orderBy("position")
    .limit(1)
    .executeTakeFirstOrThrow();
  const ownerId = b.ownerId ?? viewer.id;
  await assertCanAssign(db, viewer, ownerId);
  return inTx(db, async (tx) => {
    if (b.externalId && (await tx.selectFrom("opportunities").select("id").where("external_id", "=", b.externalId).executeTakeFirst()))
      throw new AppError("DUPLICATE", `externalId ${b.externalId} is taken`, "externalId");
    const { id } = await tx
      .insertInto("opportunities")
      .values({
        external_id: b.externalId ?? null,
        pipeline_id: b.pipelineId,
        stage_id: first.id,
        customer_id: b.customerId,
        owner_id: ownerId,
        title: b.title,
        amount_fen: b.amountFen,
        units: b.units ?? 0,
        product: b.product ?? null,
        expected_close_date: b.expectedCloseDate ?? null,
        source: b.source ?? null,
        forecast_category: b.forecastCategory ?? "pipeline",
        probability_override: b.probabilityOverride ?? null,
        status: "open",
        lost_reason: null,
        closed_at: null,
        stage_entered_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("stage_events")
      .values({ opportunity_id: id, from_stage_id: null, to_stage_id: first.id, kind: "create", reason: null, override: 0, actor_id: viewer.id, at: now })
      .execute();
    await saveCustom(tx, "opportunity", id, b.custom, "create");
    await opportunitiesChanged(tx, [id]);
    await fillPinyin(tx, ["opportunities"]); // the stored pinyin search matches by (src/search/pinyin-store.ts)
    await audit(tx, viewer.id, "opportunity", id, "create", { ...b }, now);
    return id;
  });
}

/** The stage history of one opportunity, oldest first, with the actors' names. */
export async function eventsOf(db: DbOrTx, id: number) {
  return (
    await db
      .selectFrom("stage_events as e")
      .leftJoin("users as u", "u.id", "e.actor_id")
      .select(["e.id", "e.from_stage_id", "e.to_stage_id", "e.kind", "e.reason", "e.override", "e.actor_id", "u.name", "e.at"])
      .where("e.opportunity_id", "=", id)
      .orderBy("e.at")
      .orderBy("e.id")
      .execute()
  ).map((e) => ({
    id: e.id,
    fromStageId: e.from_stage_id,
    toStageId: e.to_stage_id,
    kind: e.kind,
    reason: e.reason,
    override: !!e.override,
    actorId: e.actor_id,
    actorName: e.name,
    at: e.at,
  }));
}

/** A visible opportunity with its pipeline, checklist ticks, stage history and activities (404 when invisible). */
export async function opportunityDetail(db: Db, viewer: Viewer, id: number, now: number) {
  const o = await getVisibleOpportunity(db, viewer, id, now);
  if (!o) throw notFound("opportunity");
  const [pipeline, checks, events, activities] = await Promise.all([
    getPipeline(db, o.pipelineId),
    db
      .selectFrom("criterion_checks as k")
      .leftJoin("users as u", "u.id", "k.checked_by")
      .select(["k.criterion_id", "k.checked_by", "u.name", "k.checked_at", "k.note"])
      .where("k.opportunity_id", "=", o.id)
      .execute(),
    eventsOf(db, o.id),
    db.selectFrom("activities").selectAll().where("opportunity_id", "=", o.id).orderBy("created_at", "desc").limit(100).execute(),
  ]);
  return {
    ...o,
    pipeline,
    checks: checks.map((k) => ({ criterionId: k.criterion_id, checkedBy: k.checked_by, checkedByName: k.name, checkedAt: k.checked_at, note: k.note })),
    events,
    activities: activities.map((a) => activityView(a)),
  };
}

/** Version-checked edit of a visible opportunity's fields (stage and status change only through transition). */
export async function updateOpportunity(db: Db, viewer: Viewer, id: number, version: number, b: OpportunityFields, now: number): Promise<void> {
  if (!(await getVisibleOpportunity(db, viewer, id, now))) throw notFound("opportunity");
  await assertEditableOpportunity(db, viewer, id);
  if (b.ownerId) await assertCanAssign(db, viewer, b.ownerId);
  const patch = {
    title: b.title,
    amount_fen: b.amountFen,
    units: b.units,
    product: b.product,
    expected_close_date: b.expectedCloseDate,
    source: b.source,
    forecast_category: b.forecastCategory,
    probability_override: b.probabilityOverride,
    owner_id: b.ownerId,
    external_id: b.externalId,
    updated_at: now,
  };
  await inTx(db, async (tx) => {
    await assertAmountFollowsLines(tx, id, b.amountFen);
    const before = await updateVersioned(tx, "opportunities", id, version, patch, "opportunity");
    await fillPinyin(tx, ["opportunities"]); // the stored pinyin search matches by (src/search/pinyin-store.ts)
    const custom = await saveCustom(tx, "opportunity", id, b.custom, "update");
    await audit(tx, viewer.id, "opportunity", id, "update", { ...changes(before, patch), ...customAudit(custom) }, now);
    await opportunitiesChanged(tx, [id]); // after the audit row: the close-date changes are read from it
  });
}

/** Ticks an exit-checklist item of the opportunity's current stage (400 for an item of another stage). */
export async function checkCriterion(db: Db, viewer: Viewer, id: number, criterionId: number, note: string | null, now: number): Promise<void> {
  const o = await getVisibleOpportunity(db, viewer, id, now);
  if (!o) throw notFound("opportunity");
  const criterion = await db.selectFrom("stage_criteria").select(["id", "stage_id"]).where("id", "=", criterionId).executeTakeFirst();
  if (!criterion || criterion.stage_id !== o.stageId) throw new AppError("INVALID", "criterionId is not on the opportunity's current stage", "criterionId");
  await inTx(db, async (tx) => {
    await tx.deleteFrom("criterion_checks").where("opportunity_id", "=", o.id).where("criterion_id", "=", criterion.id).execute();
    await tx
      .insertInto("criterion_checks")
      .values({ opportunity_id: o.id, criterion_id: criterion.id, checked_by: viewer.id, checked_at: now, note })
      .execute();
    await audit(tx, viewer.id, "opportunity", o.id, "check", { criterionId: criterion.id, note }, now);
  });
}

export async function uncheckCriterion(db: Db, viewer: Viewer, id: number, criterionId: number, now: number): Promise<void> {
  const o = await getVisibleOpportunity(db, viewer, id, now);
  if (!o) throw notFound("opportunity");
  await inTx(db, async (tx) => {
    await tx.deleteFrom("criterion_checks").where("opportunity_id", "=", o.id).where("criterion_id", "=", criterionId).execute();
    await audit(tx, viewer.id, "opportunity", o.id, "uncheck", { criterionId }, now);
  });
}
