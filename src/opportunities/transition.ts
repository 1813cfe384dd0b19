/** Applies a stage or status change: the gate decides, then one transaction moves the row and appends the event. */
import { audit } from "../audit/log";
import { AppError, conflict, notFound } from "../core/errors";
import { dateStart, localDate } from "../core/dates";
import type { Db } from "../db/connect";
import { inTx, type Tx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { visible } from "../access/visible";
import { decideTransition, type GatePipeline, type TransitionRequest } from "./gate";
import { wonEvidence } from "../cash/store";
import { checkWonContract, type WonContract, wonSchedule } from "../cash/won-contract";
import { wonPolicy } from "../cash/won-policy-store";
import { getVisibleOpportunity } from "./store";
import { opportunitiesChanged } from "../readmodels/maintain";

export type ContractInput = WonContract;

export async function transition(
  db: Db, viewer: Viewer, id: number, version: number, req: TransitionRequest & { contract?: ContractInput }, now: number, tz: string,
) {
  await inTx(db, async (tx) => {
    const o = await tx.selectFrom("opportunities as o").selectAll("o").where("o.id", "=", id)
      .where(visible(viewer, "o.owner_id", "o.id", "opportunity")).executeTakeFirst();
    if (!o) throw notFound("opportunity");
    if (o.version !== version) throw conflict("opportunity", version, o.version);
    const pipeline = await gatePipeline(tx, o.pipeline_id);
    if (req.contract && req.action === "won") await recordContract(tx, viewer, o.id, o.customer_id, req.contract, now, tz);
    const gated = req.action === "advance" || req.action === "won" || req.action === "reopen";
    const checked = new Set(gated ? (await tx.selectFrom("criterion_checks").select("criterion_id").where("opportunity_id", "=", id).execute()).map((r) => r.criterion_id) : []);
    const lostReasons = new Set(req.action === "lost" ? (await tx.selectFrom("lost_reasons").select("key").where("active", "=", 1).execute()).map((r) => r.key) : []);
    const evidence = req.action === "won" ? await wonEvidence(tx, id) : { contractSigned: false, firstPaymentReceived: false };
    const leftStageId = req.action === "reopen" ? await stageLeft(tx, id) : null;
    const t = decideTransition(
      pipeline,
      { status: o.status, stageId: o.stage_id, checked, evidence, lostReasons, leftStageId },
      req,
    );
    const moved = t.toStageId !== o.stage_id;
    const r = await tx.updateTable("opportunities").set({
      stage_id: t.toStageId, status: t.status, version: o.version + 1, updated_at: now,
      stage_entered_at: moved ? now : o.stage_entered_at,
      closed_at: t.status === "open" ? null : now,
      lost_reason: t.status === "lost" ? t.lostReason : null,
    }).where("id", "=", id).where("version", "=", version).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw conflict("opportunity", version, version + 1);
    await tx.insertInto("stage_events").values({
      opportunity_id: id, from_stage_id: o.stage_id, to_stage_id: t.toStageId, kind: t.kind,
      reason: [t.lostReason, t.reason].filter(Boolean).join(": ") || null, override: t.override ? 1 : 0, actor_id: viewer.id, at: now,
    }).execute();
    await opportunitiesChanged(tx, [id]);
    await audit(tx, viewer.id, "opportunity", id, t.kind, { stage: [o.stage_id, t.toStageId], status: [o.status, t.status], reason: t.reason, lostReason: t.lostReason, override: t.override }, now);
  });
  return (await getVisibleOpportunity(db, viewer, id, now))!;
}

async function recordContract(tx: Tx, viewer: Viewer, opportunityId: number, customerId: number, c: ContractInput, now: number, tz: string) {
  if (await tx.selectFrom("contracts").select("id").where("number", "=", c.number).executeTakeFirst())
    throw new AppError("DUPLICATE", `contract number ${c.number} exists`, "contract.number", undefined, { value: c.number });
  checkWonContract(c, localDate(now, tz), await wonPolicy(tx));
  const { id } = await tx.insertInto("contracts").values({
    opportunity_id: opportunityId, customer_id: customerId, number: c.number, signed_at: dateStart(c.signedAt, tz), amount_fen: c.amountFen,
    created_by: viewer.id, created_at: now,
  }).returning("id").executeTakeFirstOrThrow();
  for (const i of wonSchedule(c)) await tx.insertInto("payment_schedule").values({ contract_id: id, seq: i.seq, due_date: i.dueDate, amount_fen: i.amountFen }).execute();
  await tx.insertInto("payments").values({ contract_id: id, received_at: dateStart(c.receivedAt, tz), amount_fen: c.firstPaymentFen, note: "first payment", created_by: viewer.id }).execute();
  await audit(tx, viewer.id, "contract", id, "create", { ...c, opportunityId }, now);
}

/** The open stage a closed opportunity was in when it was won or lost: the origin of its last event. */
async function stageLeft(tx: Tx, opportunityId: number): Promise<number | null> {
  const e = await tx.selectFrom("stage_events").select("from_stage_id").where("opportunity_id", "=", opportunityId)
    .where("kind", "in", ["won", "lost"]).orderBy("at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return e?.from_stage_id ?? null;
}

/** The pipeline as the gate needs it: rules, stages and the ids of each stage's exit criteria (two queries). */
async function gatePipeline(tx: Tx, pipelineId: number): Promise<GatePipeline> {
  const p = await tx.selectFrom("pipelines").select(["skip_rule", "checklist_rule"]).where("id", "=", pipelineId).executeTakeFirstOrThrow();
  const rows = await tx.selectFrom("stages as s").leftJoin("stage_criteria as c", "c.stage_id", "s.id")
    .select(["s.id", "s.position", "s.kind", "s.name_zh", "s.name_en", "c.id as criterion_id"])
    .where("s.pipeline_id", "=", pipelineId).orderBy("s.position").orderBy("c.position").execute();
  const stages = new Map<number, GatePipeline["stages"][number]>();
  for (const r of rows) {
    let st = stages.get(r.id);
    if (!st) stages.set(r.id, (st = { id: r.id, position: r.position, kind: r.kind, criteriaIds: [], nameZh: r.name_zh, nameEn: r.name_en }));
    if (r.criterion_id != null) st.criteriaIds.push(r.criterion_id);
  }
  return { skipRule: p.skip_rule, checklistRule: p.checklist_rule, stages: [...stages.values()] };
}
