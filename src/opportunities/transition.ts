/** Applies a stage or status change: the gate decides, then one statement moves the row, appends the event, keeps the visits and audits (move-store.ts). */
import { audit } from "../audit/log";
import { AppError, conflict, notFound } from "../core/errors";
import { dateStart, localDate } from "../core/dates";
import type { Db } from "../db/connect";
import { type DbOrTx, inTx, type Tx } from "../db/tx";
import type { Viewer } from "../access/viewer";
import { editable, ruleKey } from "../access/visible";
import { decideTransition, type TransitionRequest } from "./gate";
import { gateConfig } from "./gate-config-store";
import { wonEvidence } from "../cash/store";
import { checkWonContract, type WonContract, wonSchedule } from "../cash/won-contract";
import { wonPolicy } from "../cash/won-policy-store";
import { opportunityView } from "./store";
import { MOVE_COLUMNS, writeMove } from "./move-store";
import { sql } from "kysely";
import { isPostgres } from "../db/dialect";
import { runPrecompiled } from "../db/precompiled";
import { contractsChanged } from "../readmodels/maintain";

export type ContractInput = WonContract;

export async function transition(
  db: Db,
  viewer: Viewer,
  id: number,
  version: number,
  req: TransitionRequest & { contract?: ContractInput },
  now: number,
  tz: string,
) {
  // Won reads the contract evidence (and may record the contract) in a transaction with the move; every other move
  // is the auth lookup, one read and one write statement (move-store.ts), which is atomic on its own.
  if (req.action === "won") return inTx(db, (tx) => move(db, tx, viewer, id, version, req, now, tz));
  return move(db, db, viewer, id, version, req, now, tz);
}

async function move(
  db: Db,
  q: DbOrTx,
  viewer: Viewer,
  id: number,
  version: number,
  req: TransitionRequest & { contract?: ContractInput },
  now: number,
  tz: string,
) {
  const gated = req.action === "advance" || req.action === "won" || req.action === "reopen";
  const lost = req.action === "lost";
  const reopen = req.action === "reopen";
  // Built and compiled once per shape (action kind, viewer's access rule): the id and the viewer's clock are the slots.
  const at = viewer.org?.at;
  const key = `move-read:${gated}:${lost}:${reopen}:${ruleKey(viewer)}`;
  const build = (slot: (i: number) => number) =>
    q
      .selectFrom("opportunities as o")
      .innerJoin("pipelines as p", "p.id", "o.pipeline_id")
      .innerJoin("customers as c", "c.id", "o.customer_id")
      .leftJoin("users as u", "u.id", "o.owner_id")
      .leftJoin("opportunity_facts as f", "f.opportunity_id", "o.id")
      .select(MOVE_COLUMNS.map((c) => `o.${c}` as const))
      .select(["p.config_version", "c.name as customer_name", "u.name as owner_name", "f.next_activity_at", "f.last_activity_at"])
      .select(checkedIds(db, gated).as("checked"))
      .select(lostReasonKeys(db, lost).as("lost_reasons"))
      .select(stageLeft(reopen).as("left_stage_id"))
      .where("o.id", "=", slot(0))
      .where(editable(at == null ? viewer : { ...viewer, org: { ...viewer.org!, at: slot(1) } }, "o.owner_id", "o.id", "opportunity"));
  const [o] = at == null ? [await build(() => id).executeTakeFirst()] : (await runPrecompiled(db, q, key, [id, at], build)).rows;
  if (!o) throw notFound("opportunity");
  if (o.version !== version) throw conflict("opportunity", version, o.version);
  const config = await gateConfig(db, q, o.pipeline_id, o.config_version);
  if (req.contract && req.action === "won") await recordContract(q as Tx, viewer, o.id, o.customer_id, req.contract, now, tz);
  const checked = new Set(o.checked ? String(o.checked).split(",").map(Number) : []);
  const lostReasons = new Set(o.lost_reasons ? String(o.lost_reasons).split("\n") : []);
  const evidence = req.action === "won" ? await wonEvidence(q, id) : { contractSigned: false, firstPaymentReceived: false };
  const leftStageId = o.left_stage_id == null ? null : Number(o.left_stage_id);
  const t = decideTransition(config.pipeline, { status: o.status, stageId: o.stage_id, checked, evidence, lostReasons, leftStageId }, req);
  const moved = t.toStageId !== o.stage_id;
  const row = await writeMove(
    q,
    {
      id,
      version,
      fromStageId: o.stage_id,
      toStageId: t.toStageId,
      status: t.status,
      kind: t.kind,
      reason: [t.lostReason, t.reason].filter(Boolean).join(": ") || null,
      lostReason: t.status === "lost" ? t.lostReason : null,
      override: t.override,
      actorId: viewer.id,
      at: now,
      stageEnteredAt: moved ? now : o.stage_entered_at,
      closedAt: t.status === "open" ? null : now,
      diff: { stage: [o.stage_id, t.toStageId], status: [o.status, t.status], reason: t.reason, lostReason: t.lostReason, override: t.override },
    },
    o,
  );
  if (!row) throw conflict("opportunity", version, version + 1);
  const st = config.stages.get(row.stage_id)!;
  return opportunityView(
    {
      ...row,
      stage_key: st.key,
      stage_name_zh: st.name_zh,
      stage_name_en: st.name_en,
      stage_probability: st.probability,
      stall_days: st.stall_days,
      customer_name: o.customer_name,
      owner_name: o.owner_name,
      // a move changes no activity, so the facts read with the opportunity are still current
      next_activity_at: o.next_activity_at ?? null,
      last_activity_at: o.last_activity_at ?? null,
    },
    now,
  );
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
  const { id } = await tx
    .insertInto("contracts")
    .values({
      opportunity_id: opportunityId,
      customer_id: customerId,
      number: c.number,
      signed_at: dateStart(c.signedAt, tz),
      amount_fen: c.amountFen,
      created_by: viewer.id,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const i of wonSchedule(c))
    await tx.insertInto("payment_schedule").values({ contract_id: id, seq: i.seq, due_date: i.dueDate, amount_fen: i.amountFen }).execute();
  await tx
    .insertInto("payments")
    .values({ contract_id: id, received_at: dateStart(c.receivedAt, tz), amount_fen: c.firstPaymentFen, note: "first payment", created_by: viewer.id })
    .execute();
  await contractsChanged(tx, [id], tz);
  await audit(tx, viewer.id, "contract", id, "create", { ...c, opportunityId }, now);
}

/** The open stage a closed opportunity was in when it was won or lost: the origin of its last event (reopen only). */
function stageLeft(wanted: boolean) {
  if (!wanted) return sql<number | null>`null`;
  return sql<
    number | null
  >`(select e.from_stage_id from stage_events e where e.opportunity_id = o.id and e.kind in ('won', 'lost') order by e.at desc, e.id desc limit 1)`;
}

/** The keys of the active lost reasons, one a line (only for a lost move). */
function lostReasonKeys(db: Db, wanted: boolean) {
  if (!wanted) return sql<string | null>`null`;
  return isPostgres(db)
    ? sql<string | null>`(select string_agg(r.key, chr(10)) from lost_reasons r where r.active = 1)`
    : sql<string | null>`(select group_concat(r.key, char(10)) from lost_reasons r where r.active = 1)`;
}
