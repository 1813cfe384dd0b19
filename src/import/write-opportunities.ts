/**
 * Opportunities: upsert by external_id, with the pipeline and stage found by key or name. A new opportunity
 * gets the minimal event path (create → advance … → won/lost); a re-import that moves it appends one event.
 */
import { opportunitiesChanged } from "../readmodels/maintain";
import { type BulkColumns, insertRows } from "./bulk";
import { customersByExternalId, findPipeline, findStage, foldName, type PipelineRef, stageList, type StageRef } from "./lookups";
import { minimalPath, moveKind, type PathEvent } from "./opportunity-path";
import type { ParsedRow } from "./record";
import { type ChunkContext, type Counts, existingByExternalId, type KindWriter, type Plan, resolveOwner, upsert } from "./writer";

const COLUMNS: BulkColumns = [
  ["external_id", "text"], ["pipeline_id", "int8"], ["stage_id", "int8"], ["customer_id", "int8"], ["owner_id", "int8"], ["title", "text"],
  ["amount_fen", "int8"], ["units", "int8"], ["product", "text"], ["expected_close_date", "text"], ["source", "text"],
  ["forecast_category", "text"], ["status", "text"], ["lost_reason", "text"], ["closed_at", "int8"], ["stage_entered_at", "int8"],
  ["created_at", "int8"], ["updated_at", "int8"],
];
export const EVENT_COLUMNS: BulkColumns = [
  ["opportunity_id", "int8"], ["from_stage_id", "int8"], ["to_stage_id", "int8"], ["kind", "text"], ["reason", "text"], ["override", "int4"], ["actor_id", "int8"], ["at", "int8"], ["imported", "int4"],
];
/** An event written by an import: marked imported, so a later history import may replace it (never a live one). */
export const eventCells = (opportunityId: number, e: PathEvent) => [opportunityId, e.from, e.to, e.kind, e.reason, 0, e.actorId, e.at, 1];

interface Resolved { pipeline: PipelineRef; held: StageRef; stageId: number; status: "open" | "won" | "lost" }

/** Where the row puts the opportunity: its stage (a won/lost stage, or an open one with status won/lost). */
function resolveStage(ctx: ChunkContext, row: number, v: ParsedRow["values"], existingPipeline: PipelineRef | undefined): Resolved | null {
  const pipeline = v.pipeline ? findPipeline(ctx.lookups, String(v.pipeline)) : existingPipeline ?? findPipeline(ctx.lookups, null);
  if (!pipeline) {
    ctx.error(row, "pipeline", v.pipeline ? `unknown pipeline: ${v.pipeline} (pipelines: ${ctx.lookups.pipelines.map((p) => p.key).join(", ")})` : "no deal pipeline is set up");
    return null;
  }
  const stage = findStage(pipeline, String(v.stage));
  if (!stage) { ctx.error(row, "stage", `unknown stage: ${v.stage} in pipeline ${pipeline.key} (stages: ${stageList(pipeline)})`); return null; }
  const status = (v.status as Resolved["status"] | null | undefined) ?? (stage.kind === "open" ? "open" : stage.kind);
  if (stage.kind !== "open" && stage.kind !== status) { ctx.error(row, "status", `${status} does not fit stage ${stage.key} ${stage.nameZh} (a ${stage.kind} stage)`); return null; }
  const end = status === "won" ? pipeline.won : status === "lost" ? pipeline.lost : stage;
  if (!end) { ctx.error(row, "status", `pipeline ${pipeline.key} has no ${status} stage`); return null; }
  const held = stage.kind === "open" ? stage : stage.kind === "won" ? pipeline.open[pipeline.open.length - 1] : pipeline.open[0];
  return { pipeline, held, stageId: end.id, status };
}

export const opportunitiesWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const customers = await customersByExternalId(ctx.tx, ctx.lookups, rows.map((r) => String(r.values.customer_external_id)));
    const existing = await existingByExternalId(ctx, "opportunities", rows.map((r) => String(r.values.external_id)));
    const plans: Plan[] = [];
    const resolved = new Map<Plan, Resolved>();
    for (const { row, values: v } of rows) {
      const ext = String(v.external_id);
      const before = existing.get(ext);
      const customer = customers.get(String(v.customer_external_id));
      if (!customer) { ctx.error(row, "customer_external_id", `unknown customer: ${v.customer_external_id}`); continue; }
      const r = resolveStage(ctx, row, v, before ? ctx.lookups.pipelineById.get(Number(before.pipeline_id)) : undefined);
      if (!r) continue;
      let ok = true;
      const set: Plan["set"] = { external_id: ext, customer_id: customer.id, pipeline_id: r.pipeline.id, stage_id: r.stageId, status: r.status };
      const createdAt = (v.created_at as number | null | undefined) ?? (before ? Number(before.created_at) : ctx.now);
      if (v.created_at != null) set.created_at = createdAt;
      set.closed_at = r.status === "open" ? null : (v.closed_at as number | null | undefined) ?? null;
      if (r.status !== "open" && set.closed_at == null) { ctx.error(row, "closed_at", `required: a ${r.status} opportunity needs closed_at`); ok = false; }
      if (set.closed_at != null && (set.closed_at as number) < createdAt) { ctx.error(row, "closed_at", "before created_at"); ok = false; }
      set.lost_reason = null;
      if (r.status === "lost") {
        const key = v.lost_reason ? ctx.lookups.lostReasons.get(foldName(String(v.lost_reason))) : undefined;
        if (!key) {
          const known = [...new Set(ctx.lookups.lostReasons.values())].join(", ");
          ctx.error(row, "lost_reason", v.lost_reason ? `unknown lost reason: ${v.lost_reason} (reasons: ${known})` : `required: a lost opportunity needs a reason (${known})`);
          ok = false;
        } else set.lost_reason = key;
      }
      if (typeof v.title === "string") set.title = v.title;
      if (v.amount !== undefined) set.amount_fen = (v.amount as number | null) ?? 0;
      if (v.units !== undefined) set.units = (v.units as number | null) ?? 0;
      if (v.forecast_category !== undefined) set.forecast_category = (v.forecast_category as string | null) ?? "pipeline";
      for (const k of ["product", "expected_close_date", "source"]) if (v[k] !== undefined) set[k] = v[k] as string | null;
      const insert: Plan["insert"] = {
        amount_fen: 0, units: 0, forecast_category: "pipeline", created_at: createdAt, updated_at: ctx.now, owner_id: customer.ownerId,
        stage_entered_at: r.status === "open" ? createdAt : (set.closed_at as number),
      };
      if (v.owner_email !== undefined) {
        const owner = resolveOwner(ctx, row, v.owner_email);
        if (owner == null) ok = false; else set.owner_id = owner;
      }
      if (before && Number(before.stage_id) !== r.stageId) set.stage_entered_at = r.status === "open" ? ctx.now : (set.closed_at as number);
      if (!ok) continue;
      const plan = { row, ext, set, insert };
      plans.push(plan);
      resolved.set(plan, r);
    }
    const result = await upsert(ctx, { table: "opportunities", entity: "opportunity", columns: COLUMNS, versioned: true, ownerColumn: "owner_id", auditEach: true }, plans, existing);
    if (!ctx.canWrite()) return result.counts;

    const events: Array<ReturnType<typeof eventCells>> = [];
    for (const { plan, id } of result.inserted) {
      const r = resolved.get(plan)!;
      const ownerId = Number(plan.set.owner_id ?? plan.insert.owner_id);
      const path = minimalPath(r.pipeline, {
        held: r.held, status: r.status, createdAt: Number(plan.set.created_at ?? plan.insert.created_at),
        closedAt: plan.set.closed_at as number | null, lostReason: plan.set.lost_reason as string | null, actorId: ownerId,
      });
      for (const e of path.events) events.push(eventCells(id, e));
    }
    for (const { plan, id, before } of result.updated) {
      const r = resolved.get(plan)!;
      if (Number(before.stage_id) === r.stageId) continue;
      const from = ctx.lookups.stageById.get(Number(before.stage_id))?.stage;
      const to = r.pipeline.stages.find((s) => s.id === r.stageId)!;
      const kind = from ? moveKind(from, to) : "advance";
      events.push(eventCells(id, { from: from?.id ?? null, to: to.id, kind, at: Number(plan.set.stage_entered_at), reason: kind === "lost" ? (plan.set.lost_reason as string) : "import", actorId: ctx.lookups.actor.id }));
    }
    await insertRows(ctx.tx, "stage_events", EVENT_COLUMNS, events);
    await opportunitiesChanged(ctx.tx, [...result.inserted, ...result.updated].map((r) => r.id));
    return result.counts;
  },
};
