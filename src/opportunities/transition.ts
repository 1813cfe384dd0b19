/** Applies a stage or status change: the gate decides, then one transaction moves the row and appends the event. */
import { audit } from "../audit/log";
import { AppError, conflict, notFound } from "../core/errors";
import { dateStart, localDate } from "../core/dates";
import type { Db } from "../db/connect";
import { inTx, type Tx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { editable } from "../access/visible";
import { decideTransition, type TransitionRequest } from "./gate";
import { gateConfig } from "./gate-config-store";
import { wonEvidence } from "../cash/store";
import { checkWonContract, type WonContract, wonSchedule } from "../cash/won-contract";
import { wonPolicy } from "../cash/won-policy-store";
import { opportunityView } from "./store";
import { refreshVisits } from "../readmodels/stage-visits";
import { sql } from "kysely";
import { isPostgres } from "../db/dialect";

export type ContractInput = WonContract;

export async function transition(
  db: Db, viewer: Viewer, id: number, version: number, req: TransitionRequest & { contract?: ContractInput }, now: number, tz: string,
) {
  // Statements on the common path (advance/back/stay with the pipeline cached): read, update … returning, event,
  // the visits read model (two), audit — plus BEGIN and COMMIT. The answer is built from what they returned.
  return inTx(db, async (tx) => {
    const gated = req.action === "advance" || req.action === "won" || req.action === "reopen";
    const o = await tx.selectFrom("opportunities as o").innerJoin("pipelines as p", "p.id", "o.pipeline_id")
      .innerJoin("customers as c", "c.id", "o.customer_id").leftJoin("users as u", "u.id", "o.owner_id")
      .leftJoin("opportunity_facts as f", "f.opportunity_id", "o.id")
      .selectAll("o").select(["p.config_version", "c.name as customer_name", "u.name as owner_name", "f.next_activity_at", "f.last_activity_at"])
      .select(checkedIds(db, gated).as("checked"))
      .where("o.id", "=", id).where(editable(viewer, "o.owner_id", "o.id", "opportunity")).executeTakeFirst();
    if (!o) throw notFound("opportunity");
    if (o.version !== version) throw conflict("opportunity", version, o.version);
    const config = await gateConfig(db, tx, o.pipeline_id, o.config_version);
    if (req.contract && req.action === "won") await recordContract(tx, viewer, o.id, o.customer_id, req.contract, now, tz);
    const checked = new Set(o.checked ? String(o.checked).split(",").map(Number) : []);
    const lostReasons = new Set(req.action === "lost" ? (await tx.selectFrom("lost_reasons").select("key").where("active", "=", 1).execute()).map((r) => r.key) : []);
    const evidence = req.action === "won" ? await wonEvidence(tx, id) : { contractSigned: false, firstPaymentReceived: false };
    const leftStageId = req.action === "reopen" ? await stageLeft(tx, id) : null;
    const t = decideTransition(
      config.pipeline,
      { status: o.status, stageId: o.stage_id, checked, evidence, lostReasons, leftStageId },
      req,
    );
    const moved = t.toStageId !== o.stage_id;
    const row = await tx.updateTable("opportunities").set({
      stage_id: t.toStageId, status: t.status, version: o.version + 1, updated_at: now,
      stage_entered_at: moved ? now : o.stage_entered_at,
      closed_at: t.status === "open" ? null : now,
      lost_reason: t.status === "lost" ? t.lostReason : null,
    }).where("id", "=", id).where("version", "=", version).returningAll().executeTakeFirst();
    if (!row) throw conflict("opportunity", version, version + 1);
    await tx.insertInto("stage_events").values({
      opportunity_id: id, from_stage_id: o.stage_id, to_stage_id: t.toStageId, kind: t.kind,
      reason: [t.lostReason, t.reason].filter(Boolean).join(": ") || null, override: t.override ? 1 : 0, actor_id: viewer.id, at: now,
    }).execute();
    // A move changes the opportunity's stage visits; its facts (activities, owner) stay as they are.
    await refreshVisits(tx, [id]);
    await audit(tx, viewer.id, "opportunity", id, t.kind, { stage: [o.stage_id, t.toStageId], status: [o.status, t.status], reason: t.reason, lostReason: t.lostReason, override: t.override }, now);
    const st = config.stages.get(row.stage_id)!;
    return opportunityView({
      ...row, stage_key: st.key, stage_name_zh: st.name_zh, stage_name_en: st.name_en, stage_probability: st.probability, stall_days: st.stall_days,
      customer_name: o.customer_name, owner_name: o.owner_name,
      // a move changes no activity, so the facts read with the opportunity are still current
      next_activity_at: o.next_activity_at ?? null, last_activity_at: o.last_activity_at ?? null,
    }, now);
  });
}

/** The ids of the opportunity's ticked criteria as "1,2,3" (only when the action is gated by the checklist). */
function checkedIds(db: Db, gated: boolean) {
  if (!gated) return sql<string | null>`null`;
  return isPostgres(db)
    ? sql<string | null>`(select string_agg(cast(k.criterion_id as text), ',') from criterion_checks k where k.opportunity_id = o.id)`
    : sql<string | null>`(select group_concat(k.criterion_id) from criterion_checks k where k.opportunity_id = o.id)`;
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
