/**
 * Opportunities: upsert by external_id, with the pipeline and stage found by key or name. A new opportunity
 * gets the minimal event path (create → advance … → won/lost); a re-import that moves it appends one event.
 */
import { opportunitiesChanged } from "../readmodels/maintain";
import { amountsFollowLines } from "../products/lines-store";
import { type BulkColumns, insertRows } from "./bulk";
import { SOURCES } from "../funnel/sources";
import { resolveCustomers } from "./customer-refs";
import { localDateMs } from "./local-time";
import { findPipeline, findStage, foldName, type PipelineRef, stageList, type StageRef } from "./lookups";
import { minimalPath, moveKind, type PathEvent } from "./opportunity-path";
import type { ParsedRow } from "./record";
import { type ChunkContext, type Counts, existingByExternalId, fileMap, type KindWriter, type Plan, resolveOwner, upsert } from "./writer";

const COLUMNS: BulkColumns = [
  ["external_id", "text"],
  ["pipeline_id", "int8"],
  ["stage_id", "int8"],
  ["customer_id", "int8"],
  ["owner_id", "int8"],
  ["title", "text"],
  ["amount_fen", "int8"],
  ["units", "int8"],
  ["product", "text"],
  ["expected_close_date", "text"],
  ["source", "text"],
  ["forecast_category", "text"],
  ["status", "text"],
  ["lost_reason", "text"],
  ["closed_at", "int8"],
  ["stage_entered_at", "int8"],
  ["created_at", "int8"],
  ["updated_at", "int8"],
];
export const EVENT_COLUMNS: BulkColumns = [
  ["opportunity_id", "int8"],
  ["from_stage_id", "int8"],
  ["to_stage_id", "int8"],
  ["kind", "text"],
  ["reason", "text"],
  ["override", "int4"],
  ["actor_id", "int8"],
  ["at", "int8"],
  ["imported", "int4"],
];
/** An event written by an import: marked imported, so a later history import may replace it (never a live one). */
export const eventCells = (opportunityId: number, e: PathEvent) => [opportunityId, e.from, e.to, e.kind, e.reason, 0, e.actorId, e.at, 1];

interface Resolved {
  pipeline: PipelineRef;
  held: StageRef;
  stageId: number;
  status: "open" | "won" | "lost";
}

/** Where the row puts the opportunity: its stage (a won/lost stage, or an open one with status won/lost), and the open stage it reached. */
function resolveStage(ctx: ChunkContext, row: number, v: ParsedRow["values"], existingPipeline: PipelineRef | undefined): Resolved | null {
  const pipeline = v.pipeline ? findPipeline(ctx.lookups, String(v.pipeline)) : (existingPipeline ?? findPipeline(ctx.lookups, null));
  if (!pipeline) {
    ctx.error(
      row,
      "pipeline",
      v.pipeline
        ? `unknown pipeline: ${v.pipeline} (pipelines: ${ctx.lookups.pipelines.map((p) => p.key).join(", ")})`
        : "no deal pipeline is set up: run jindou init (or jindou migrate, which installs the templates)",
    );
    return null;
  }
  const stage = findStage(pipeline, String(v.stage));
  if (!stage) {
    ctx.error(row, "stage", `unknown stage: ${v.stage} in pipeline ${pipeline.key} (stages: ${stageList(pipeline)}; map yours with "values": {"stage": {…}})`);
    return null;
  }
  const status = (v.status as Resolved["status"] | null | undefined) ?? (stage.kind === "open" ? "open" : stage.kind);
  if (stage.kind !== "open" && stage.kind !== status) {
    ctx.error(row, "status", `${status} does not fit stage ${stage.key} ${stage.nameZh} (a ${stage.kind} stage)`);
    return null;
  }
  const end = status === "won" ? pipeline.won : status === "lost" ? pipeline.lost : stage;
  if (!end) {
    ctx.error(row, "status", `pipeline ${pipeline.key} has no ${status} stage`);
    return null;
  }
  let held: StageRef | undefined = stage.kind === "open" ? stage : undefined;
  if (v.reached_stage && status !== "open") {
    const reached = findStage(pipeline, String(v.reached_stage));
    if (!reached || reached.kind !== "open") {
      ctx.error(row, "reached_stage", `unknown open stage: ${v.reached_stage} in pipeline ${pipeline.key} (stages: ${stageList(pipeline)})`);
      return null;
    }
    held = reached;
  }
  if (!held) {
    if (status === "won") held = pipeline.open[pipeline.open.length - 1];
    else {
      held = pipeline.open[0];
      const warned = fileMap<boolean>(ctx, "reachedWarning");
      if (!warned.size) {
        warned.set("x", true);
        ctx.warn(
          row,
          "reached_stage",
          `lost deals without the stage they reached are recorded as lost at ${held.key}; give a reached_stage column or --set reached_stage=…`,
        );
      }
    }
  }
  return { pipeline, held, stageId: end.id, status };
}

/** A source by key or zh/en name of the configured sources. */
function findSource(s: string): string | undefined {
  const f = foldName(s);
  return SOURCES.find((x) => x.key === f || foldName(x.nameZh) === f || foldName(x.nameEn) === f)?.key;
}

export const opportunitiesWriter: KindWriter = {
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const existing = await existingByExternalId(
      ctx,
      "opportunities",
      rows.map((r) => String(r.values.external_id)),
    );
    // Owners first, so a customer created for a deal belongs to the deal's owner.
    const owners = new Map<number, number | null>();
    for (const { row, values: v } of rows) if (v.owner_email !== undefined) owners.set(row, resolveOwner(ctx, row, v.owner_email));
    const customers = await resolveCustomers(ctx, rows, { allowNone: true, ownerOf: (row) => owners.get(row) ?? null });
    const plans: Plan[] = [];
    const resolved = new Map<Plan, Resolved>();
    for (const { row, values: v } of rows) {
      const ext = String(v.external_id);
      const before = existing.get(ext);
      const customer = customers.get(row);
      let ok = customer !== undefined;
      if (v.owner_email !== undefined && owners.get(row) == null) ok = false;
      const r = resolveStage(ctx, row, v, before ? ctx.lookups.pipelineById.get(Number(before.pipeline_id)) : undefined);
      if (!r) ok = false;
      const set: Plan["set"] = { external_id: ext };
      if (customer) set.customer_id = customer.id;
      if (r) {
        set.pipeline_id = r.pipeline.id;
        set.stage_id = r.stageId;
        set.status = r.status;
      }
      const status = r?.status ?? "open";
      const createdAt = (v.created_at as number | null | undefined) ?? (before ? Number(before.created_at) : null);
      if (createdAt == null) {
        ctx.error(row, "created_at", "required: when the deal was created (a created_at column, or an explicit default: --set created_at=2026-01-01)");
        ok = false;
      }
      if (v.created_at != null) set.created_at = createdAt;
      // Salesforce-style exports have one "Close Date": the expected date while open, the actual one once closed.
      const closedAt =
        (v.closed_at as number | null | undefined) ??
        (status !== "open" && typeof v.expected_close_date === "string" ? localDateMs(v.expected_close_date, ctx.tz) : null);
      set.closed_at = status === "open" ? null : closedAt;
      if (status !== "open" && set.closed_at == null) {
        ctx.error(row, "closed_at", `required: a ${status} opportunity needs closed_at (or a close date)`);
        ok = false;
      }
      if (set.closed_at != null && createdAt != null && (set.closed_at as number) < createdAt) {
        ctx.error(row, "closed_at", "before created_at");
        ok = false;
      }
      set.lost_reason = null;
      if (status === "lost") {
        const key = v.lost_reason ? ctx.lookups.lostReasons.get(foldName(String(v.lost_reason))) : undefined;
        if (!key) {
          const known = [...new Set(ctx.lookups.lostReasons.values())].join(", ");
          ctx.error(
            row,
            "lost_reason",
            v.lost_reason
              ? `unknown lost reason: ${v.lost_reason} (reasons: ${known})`
              : `required: a lost opportunity needs a reason (${known}; or --set lost_reason=other)`,
          );
          ok = false;
        } else set.lost_reason = key;
      }
      if (typeof v.title === "string") set.title = v.title;
      if (v.amount !== undefined) set.amount_fen = (v.amount as number | null) ?? 0;
      if (v.units !== undefined) set.units = (v.units as number | null) ?? 0;
      if (v.forecast_category !== undefined) set.forecast_category = (v.forecast_category as string | null) ?? "pipeline";
      for (const k of ["product", "expected_close_date"]) if (v[k] !== undefined) set[k] = v[k] as string | null;
      if (v.source !== undefined) {
        const key = v.source == null ? null : findSource(String(v.source));
        if (v.source != null && !key) {
          ctx.error(
            row,
            "source",
            `unknown source: ${v.source} (sources: ${SOURCES.map((x) => `${x.key} ${x.nameZh}`).join(", ")}; map yours with "values": {"source": {"${v.source}": "inbound"}})`,
          );
          ok = false;
        }
        set.source = key ?? null;
      }
      const insert: Plan["insert"] = {
        amount_fen: 0,
        units: 0,
        forecast_category: "pipeline",
        created_at: createdAt,
        updated_at: ctx.now,
        owner_id: customer?.ownerId ?? null,
        stage_entered_at: status === "open" ? createdAt : (set.closed_at as number),
      };
      const owner = owners.get(row);
      if (owner != null) set.owner_id = owner;
      if (before && r && Number(before.stage_id) !== r.stageId) set.stage_entered_at = r.status === "open" ? ctx.now : (set.closed_at as number);
      if (!ok || !r) continue;
      const plan = { row, ext, set, insert };
      plans.push(plan);
      resolved.set(plan, r);
    }
    const result = await upsert(
      ctx,
      { table: "opportunities", entity: "opportunity", columns: COLUMNS, versioned: true, ownerColumn: "owner_id", auditEach: true },
      plans,
      existing,
    );
    if (!ctx.canWrite()) return result.counts;

    const events: Array<ReturnType<typeof eventCells>> = [];
    for (const { plan, id } of result.inserted) {
      const r = resolved.get(plan)!;
      const ownerId = Number(plan.set.owner_id ?? plan.insert.owner_id);
      const path = minimalPath(r.pipeline, {
        held: r.held,
        status: r.status,
        createdAt: Number(plan.set.created_at ?? plan.insert.created_at),
        closedAt: plan.set.closed_at as number | null,
        lostReason: plan.set.lost_reason as string | null,
        actorId: ownerId,
      });
      for (const e of path.events) events.push(eventCells(id, e));
    }
    for (const { plan, id, before } of result.updated) {
      const r = resolved.get(plan)!;
      if (Number(before.stage_id) === r.stageId) continue;
      const from = ctx.lookups.stageById.get(Number(before.stage_id))?.stage;
      const to = r.pipeline.stages.find((s) => s.id === r.stageId)!;
      const kind = from ? moveKind(from, to) : "advance";
      events.push(
        eventCells(id, {
          from: from?.id ?? null,
          to: to.id,
          kind,
          at: Number(plan.set.stage_entered_at),
          reason: kind === "lost" ? (plan.set.lost_reason as string) : "import",
          actorId: ctx.lookups.actor.id,
        }),
      );
    }
    await insertRows(ctx.tx, "stage_events", EVENT_COLUMNS, events);
    // An opportunity with line items keeps their total as its amount, whatever the file says.
    await amountsFollowLines(
      ctx.tx,
      result.updated.map((r) => r.id),
    );
    await opportunitiesChanged(
      ctx.tx,
      [...result.inserted, ...result.updated].map((r) => r.id),
    );
    return result.counts;
  },
};
