/**
 * Stage history: the file's rows become the opportunity's imported events (a 'create' at created_at first),
 * once they form one unbroken chain. Only events an import wrote earlier are replaced; live events (moves made
 * in Jindou: overrides, stays, backs…) are never deleted, so the imported chain must end where the first live
 * move starts (or where the opportunity is, without live moves) and come before it. stage_entered_at follows
 * the last imported move when there is no live one. The opportunities must be imported first. An unchanged
 * history is left alone.
 */
import { opportunitiesChanged } from "../readmodels/maintain";
import type { StageEventKind } from "../db/schema";
import { insertRows, selectWhereIn } from "./bulk";
import { selectByExternalId } from "./external-ids";
import { findStage, stageList } from "./lookups";
import { buildHistory, type HistoryRow, type PathEvent } from "./opportunity-path";
import type { ParsedRow } from "./record";
import { AUDIT_COLUMNS, type ChunkContext, type Counts, type KindWriter, zero } from "./writer";
import { EVENT_COLUMNS, eventCells } from "./write-opportunities";

interface Opp {
  id: number;
  external_id: string;
  pipeline_id: number;
  stage_id: number;
  owner_id: number;
  created_at: number;
  stage_entered_at: number;
  version: number;
}
interface StoredEvent {
  id: number;
  opportunity_id: number;
  from_stage_id: number | null;
  to_stage_id: number;
  kind: string;
  reason: string | null;
  actor_id: number | null;
  at: number;
  imported: number;
}

const sameEvent = (a: PathEvent, b: StoredEvent) =>
  (a.from ?? null) === (b.from_stage_id == null ? null : Number(b.from_stage_id)) &&
  a.to === Number(b.to_stage_id) &&
  a.kind === b.kind &&
  a.at === Number(b.at) &&
  (a.reason ?? null) === (b.reason ?? null) &&
  (a.actorId ?? null) === (b.actor_id == null ? null : Number(b.actor_id));

export const historyWriter: KindWriter = {
  wholeBatch: true,
  async chunk(rows: ParsedRow[], ctx: ChunkContext): Promise<Counts> {
    const counts = zero();
    const groups = new Map<string, ParsedRow[]>();
    for (const r of rows) {
      const ext = String(r.values.opportunity_external_id);
      if (!groups.has(ext)) groups.set(ext, []);
      groups.get(ext)!.push(r);
    }
    const opps = new Map<string, Opp>();
    for (const o of await selectByExternalId<Opp>(
      ctx.tx,
      "opportunities",
      "id, external_id, pipeline_id, stage_id, owner_id, created_at, stage_entered_at, version",
      [...groups.keys()],
    ))
      if (ctx.lookups.canOwn(Number(o.owner_id)))
        opps.set(o.external_id, {
          ...o,
          id: Number(o.id),
          pipeline_id: Number(o.pipeline_id),
          stage_id: Number(o.stage_id),
          owner_id: Number(o.owner_id),
          created_at: Number(o.created_at),
          stage_entered_at: Number(o.stage_entered_at),
          version: Number(o.version),
        });
    const stored = new Map<number, StoredEvent[]>();
    const ids = [...opps.values()].map((o) => o.id);
    for (const e of await selectWhereIn<StoredEvent>(
      ctx.tx,
      "stage_events",
      "id, opportunity_id, from_stage_id, to_stage_id, kind, reason, actor_id, at, imported",
      "opportunity_id",
      ids,
    )) {
      const k = Number(e.opportunity_id);
      if (!stored.has(k)) stored.set(k, []);
      stored.get(k)!.push(e);
    }

    const replace: Array<{ opp: Opp; events: PathEvent[]; enteredAt: number | null }> = [];
    for (const [ext, group] of groups) {
      const opp = opps.get(ext);
      if (!opp) {
        for (const r of group) ctx.error(r.row, "opportunity_external_id", `unknown opportunity: ${ext} (import opportunities first)`);
        continue;
      }
      const pipeline = ctx.lookups.pipelineById.get(opp.pipeline_id);
      if (!pipeline) {
        ctx.error(group[0].row, "opportunity_external_id", `the pipeline of ${ext} is archived`);
        continue;
      }
      const hist: HistoryRow[] = [];
      let ok = true;
      for (const { row, values: v } of group) {
        const stage = (column: "from_stage" | "to_stage") => {
          if (v[column] == null) return null;
          const s = findStage(pipeline, String(v[column]));
          if (!s) {
            ctx.error(row, column, `unknown stage: ${v[column]} in pipeline ${pipeline.key} (stages: ${stageList(pipeline)})`);
            ok = false;
          }
          return s ?? null;
        };
        const from = stage("from_stage");
        const to = stage("to_stage");
        let actorId: number | null = null;
        if (v.actor_email != null) {
          const u = ctx.lookups.usersByEmail.get(String(v.actor_email));
          if (!u) {
            ctx.error(row, "actor_email", `unknown user: no user with email ${v.actor_email}`);
            ok = false;
          } else actorId = u.id;
        }
        if (to)
          hist.push({
            row,
            from,
            to,
            at: v.at as number,
            kind: (v.kind as StageEventKind | null | undefined) ?? null,
            actorId,
            reason: (v.reason as string | null | undefined) ?? null,
          });
      }
      if (!ok) continue;
      const all = (stored.get(opp.id) ?? []).sort((a, b) => Number(a.at) - Number(b.at) || Number(a.id) - Number(b.id));
      const live = all.filter((e) => Number(e.imported) === 0);
      const liveCreate = live.find((e) => e.kind === "create");
      const firstLiveMove = live.find((e) => e.kind !== "create");
      // The imported chain ends where the live events take over: the first live move's origin, else the current stage.
      const endStage = firstLiveMove?.from_stage_id != null ? Number(firstLiveMove.from_stage_id) : opp.stage_id;
      const built = buildHistory({ pipeline, stageId: endStage, createdAt: opp.created_at, ownerId: opp.owner_id }, hist);
      for (const e of built.errors) ctx.error(e.row, e.column, e.reason);
      if (built.errors.length) continue;
      if (firstLiveMove) {
        const late = hist.filter((h) => h.at > Number(firstLiveMove.at));
        for (const h of late)
          ctx.error(
            h.row,
            "at",
            `after the opportunity's live ${firstLiveMove.kind} of ${new Date(Number(firstLiveMove.at)).toISOString()}: imported history must come before the moves made in Jindou`,
          );
        if (late.length) continue;
      }
      let events = built.events;
      if (liveCreate) {
        // the live 'create' stays; the file's chain must start where it did
        if (events[0].to !== Number(liveCreate.to_stage_id)) {
          ctx.error(group[0].row, "to_stage", "the history must start in the stage the opportunity was created in");
          continue;
        }
        events = events.slice(1);
      }
      const before = all.filter((e) => Number(e.imported) === 1);
      const unchanged = before.length === events.length && events.every((e, i) => sameEvent(e, before[i]));
      if (unchanged) {
        counts.unchanged += group.length;
        continue;
      }
      // Rows already stored as events count as unchanged; the rest as inserted (the imported history is rewritten).
      const fromFile = built.events.slice(built.events.length - group.length);
      const kept = fromFile.filter((e) => before.some((b) => sameEvent(e, b))).length;
      counts.unchanged += kept;
      counts.inserted += group.length - kept;
      replace.push({ opp, events, enteredAt: firstLiveMove ? null : built.stageEnteredAt });
    }
    if (!ctx.canWrite() || !replace.length) return counts;

    const replaced = replace.map((r) => r.opp.id);
    for (let i = 0; i < replaced.length; i += 5000)
      await ctx.tx
        .deleteFrom("stage_events")
        .where("opportunity_id", "in", replaced.slice(i, i + 5000))
        .where("imported", "=", 1)
        .execute();
    await insertRows(
      ctx.tx,
      "stage_events",
      EVENT_COLUMNS,
      replace.flatMap((r) => r.events.map((e) => eventCells(r.opp.id, e))),
    );
    for (const { opp, enteredAt } of replace) {
      await ctx.tx
        .updateTable("opportunities")
        .set({ stage_entered_at: enteredAt ?? opp.stage_entered_at, version: opp.version + 1, updated_at: ctx.now })
        .where("id", "=", opp.id)
        .execute();
    }
    await opportunitiesChanged(ctx.tx, replaced);
    await insertRows(
      ctx.tx,
      "audit_log",
      AUDIT_COLUMNS,
      replace.map(({ opp, events, enteredAt }) => [
        ctx.lookups.actor.id,
        "opportunity",
        opp.id,
        "import_history",
        JSON.stringify({ run: ctx.runId, events: events.length, stage_entered_at: [opp.stage_entered_at, enteredAt ?? opp.stage_entered_at] }),
        ctx.now,
      ]),
    );
    return counts;
  },
};
